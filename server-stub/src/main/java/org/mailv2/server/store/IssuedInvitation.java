package org.mailv2.server.store;

import java.time.Instant;
import java.util.Objects;
import org.mailv2.protocol.digest.Sha256;

/**
 * An invitation this server issued, as the operator sees it: never the token itself (a credential), only its id, the
 * invited address hash and its dates. {@code revokedAt} and {@code redeemedAt} are null until that happens.
 */
public record IssuedInvitation(String id, Sha256 addressHash, Instant issuedAt, Instant expiresAt, Instant revokedAt,
                               Instant redeemedAt) {
    public IssuedInvitation {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[0-9a-f]{16}")) {
            throw new IllegalArgumentException("an invitation id is 16 lowercase hex digits");
        }
        Objects.requireNonNull(addressHash, "addressHash");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** What the operator reads in a listing: revoked, redeemed, expired (at {@code now}) or open. */
    public String state(Instant now) {
        if (revokedAt != null) {
            return "revoked";
        }
        if (redeemedAt != null) {
            return "redeemed";
        }
        return now.isBefore(expiresAt) ? "open" : "expired";
    }
}
