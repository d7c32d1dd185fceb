package org.mailv2.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The invitations this server issued, so that the operator can list and revoke them. */
public interface InvitationStore {
    /** @return false when an invitation with that id was recorded already (nothing is changed) */
    boolean record(IssuedInvitation invitation);

    Optional<IssuedInvitation> find(String id);

    /** Every recorded invitation, oldest first. */
    List<IssuedInvitation> all();

    /** @return false when there is no such invitation, or it was revoked already (the first date is kept) */
    boolean revoke(String id, Instant at);

    /** Notes that the invitation was used to register. @return false when there is no such invitation */
    boolean redeemed(String id, Instant at);
}
