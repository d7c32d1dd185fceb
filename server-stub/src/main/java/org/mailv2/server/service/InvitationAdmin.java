package org.mailv2.server.service;

import java.time.Clock;
import java.util.List;
import org.mailv2.server.store.Database;
import org.mailv2.server.store.IssuedInvitation;

/** The operator's list of issued invitations, and revoking one before it is redeemed. */
public final class InvitationAdmin {
    /** What became of a revocation. */
    public enum Revoke { REVOKED, UNKNOWN, ALREADY_REVOKED }

    private final Database db;
    private final Clock clock;

    public InvitationAdmin(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Every recorded invitation, oldest first. */
    public List<IssuedInvitation> list() {
        return db.invitations().all();
    }

    /** A revoked invitation is refused at registration ({@link Invitations#check}). */
    public Revoke revoke(String id) {
        if (db.invitations().find(id).isEmpty()) {
            return Revoke.UNKNOWN;
        }
        return db.invitations().revoke(id, clock.instant()) ? Revoke.REVOKED : Revoke.ALREADY_REVOKED;
    }
}
