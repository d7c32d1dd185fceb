package org.mailv2.server.store;

import java.time.Instant;
import org.mailv2.protocol.permit.Permit;

/** A permit as its recipient's server holds it; {@code revokedAt} is null while it is active. */
public record PermitState(Permit permit, Instant revokedAt) {
    public boolean active() {
        return revokedAt == null;
    }
}
