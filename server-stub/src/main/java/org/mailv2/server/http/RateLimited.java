package org.mailv2.server.http;

import java.time.Duration;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/** {@code rate_limited}, with when the caller's window opens again (sent as {@code Retry-After}). */
final class RateLimited extends ProtocolException {
    private final Duration retryAfter;

    RateLimited(Duration retryAfter) {
        super(ErrorCode.RATE_LIMITED, "too many requests; slow down");
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, rounded up and at least one, as {@code Retry-After} wants them. */
    long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
