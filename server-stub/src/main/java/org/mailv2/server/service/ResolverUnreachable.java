package org.mailv2.server.service;

import java.io.IOException;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/**
 * The remote resolver gave no answer (refused, dropped or timed-out connection, failed handshake) while a delivery
 * needed a record: {@code internal}, answered 503 with {@code Retry-After}, a passing error. The sending server keeps
 * its copy and tries again; nothing of the delivery was read or stored.
 */
public final class ResolverUnreachable extends ProtocolException {
    /** How long senders are asked to wait: about what a resolver restart takes. */
    public static final long RETRY_AFTER_SECONDS = 30;

    public ResolverUnreachable(IOException cause) {
        super(ErrorCode.INTERNAL, "the resolver is unreachable; try again later", cause);
    }

    public long retryAfterSeconds() {
        return RETRY_AFTER_SECONDS;
    }
}
