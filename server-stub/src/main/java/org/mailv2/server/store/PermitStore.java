package org.mailv2.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.protocol.permit.Permit;

/** Permits issued by accounts hosted here. */
public interface PermitStore {
    /** @return false when a permit with that id exists already */
    boolean create(Permit permit);

    Optional<PermitState> find(PermitId id);

    /** The permits one recipient issued, oldest first. */
    List<PermitState> issuedBy(Sha256 recipientHash);

    /**
     * Revokes the permit and forgets the message ids it admitted.
     *
     * @return false when no active permit with that id belongs to that recipient
     */
    boolean revoke(PermitId id, Sha256 recipientHash, Instant at);

    /** Keeps a tombstone of a message id the permit admitted for its recipient, until the permit is revoked. */
    void admitted(PermitId id, Sha256 recipientHash, UUID messageId);

    /** Whether an active permit admitted this message id for this recipient before (its copy may be deleted since). */
    boolean wasAdmitted(Sha256 recipientHash, UUID messageId);
}
