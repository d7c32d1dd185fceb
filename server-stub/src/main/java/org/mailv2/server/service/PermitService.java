package org.mailv2.server.service;

import java.time.Clock;
import java.util.List;
import org.mailv2.protocol.api.PermitRequest;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.permit.Permit;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.server.store.Database;
import org.mailv2.server.store.PermitState;

/** Permits an account issues; revocation takes effect for the very next delivery. */
public final class PermitService {
    private final Database db;
    private final Clock clock;

    public PermitService(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** @throws ProtocolException {@code malformed} for an incomplete request, {@code conflict} for a reused id */
    public PermitState create(Sha256 recipient, PermitRequest request) {
        if (request.permitId() == null || request.senderHash() == null || request.purpose() == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a permit needs an id, a sender and a purpose");
        }
        Permit permit = new Permit(request.permitId(), recipient, request.senderHash(), request.purpose(),
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        if (!db.permits().create(permit)) {
            throw new ProtocolException(ErrorCode.CONFLICT, "a permit with this id exists");
        }
        return new PermitState(permit, null);
    }

    public List<PermitState> issuedBy(Sha256 recipient) {
        return db.permits().issuedBy(recipient);
    }

    /** @throws ProtocolException {@code unknown_recipient} when the account has no such active permit */
    public void revoke(Sha256 recipient, PermitId id) {
        if (!db.permits().revoke(id, recipient, clock.instant())) {
            throw new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "no such active permit");
        }
    }
}
