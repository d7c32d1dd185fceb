package org.mailv2.protocol.api;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.mailv2.protocol.error.ErrorCode;

/**
 * A server's refusal or failure, as a type: the HTTP status and problem document become this exception in one place
 * ({@link ApiClient}); callers look at {@link #code()} and {@link #isPassing()}, never at status codes.
 */
public class ApiException extends IOException {
    /**
     * The codes that say "not now" rather than "not this": the same request may succeed later unchanged (see
     * {@link #isPassing()}). A full own storage ({@code quota_exceeded}, HTTP 507) is among them: the sender frees
     * space (or the server's operator adds it) and the waiting copy goes as it is; so is a full server disk
     * ({@code insufficient_storage}, 507). So is {@code moved} (410): the recipient lives elsewhere now, and the same
     * copy goes there once the address is resolved again.
     */
    private static final Set<ErrorCode> PASSING = EnumSet.of(ErrorCode.RATE_LIMITED, ErrorCode.INTERNAL,
            ErrorCode.QUOTA_EXCEEDED, ErrorCode.INSUFFICIENT_STORAGE, ErrorCode.UNAUTHORIZED, ErrorCode.TOKEN_EXPIRED,
            ErrorCode.MOVED);

    private final ErrorCode code;
    private final int status;
    private final Integer bits;
    private final Duration retryAfter;

    public ApiException(ErrorCode code, int status, String message, Integer bits) {
        this(code, status, message, bits, null);
    }

    /** {@code retryAfter}: what the server's {@code Retry-After} asked (429, 503), or null when it said nothing. */
    public ApiException(ErrorCode code, int status, String message, Integer bits, Duration retryAfter) {
        super(message);
        this.code = code;
        this.status = status;
        this.bits = bits;
        this.retryAfter = retryAfter;
    }

    public ErrorCode code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** For {@code pow_required}: the bits the server asks for. */
    public Integer bits() {
        return bits;
    }

    /** How long the server asked to wait before the next request ({@code Retry-After}); null when it did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * Whether this is a passing condition rather than a refusal of the request itself: too many requests
     * ({@code rate_limited}), a failing server (any 5xx, {@code internal}), a full storage ({@code quota_exceeded},
     * 507; {@code insufficient_storage}, 507, the server's own disk), or credentials the server did not take ({@code unauthorized}, {@code token_expired}: tokens are minted
     * per request, so this is clock skew or a server restart, not a wrong request). The same request, unchanged, may
     * succeed later; a sealed copy refused so is kept. Every other code refuses this request for good.
     */
    public boolean isPassing() {
        return PASSING.contains(code) || status >= 500;
    }

    /**
     * Whether {@code failure} is passing: a passing {@link ApiException}, or any other {@link IOException} (the
     * network: refused or dropped connections, timeouts, TLS failures), which is no answer at all.
     */
    public static boolean isPassing(IOException failure) {
        return !(failure instanceof ApiException answered) || answered.isPassing();
    }
}
