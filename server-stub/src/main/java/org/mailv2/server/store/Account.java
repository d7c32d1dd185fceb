package org.mailv2.server.store;

import java.time.Instant;
import org.mailv2.protocol.digest.Sha256;

/**
 * An account hosted on this server: known only by its address hash. {@code suspendedAt} is null while the account is
 * active; a suspended account keeps its data but is refused logins and deliveries.
 */
public record Account(Sha256 addressHash, Instant createdAt, long quotaBytes, Instant suspendedAt) {
    /** An active account. */
    public Account(Sha256 addressHash, Instant createdAt, long quotaBytes) {
        this(addressHash, createdAt, quotaBytes, null);
    }

    public boolean suspended() {
        return suspendedAt != null;
    }
}
