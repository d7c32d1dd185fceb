package org.mailv2.client.core.send;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.keyring.ContactPermit;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.api.PermitRequest;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.permit.Permit;
import org.mailv2.protocol.permit.PermitId;

/**
 * One send's permits: which one each copy's envelope names instead of a stamp (one the caller gives, else one the
 * contact gave), and which contact permit each copy carries in its summary. A contact is issued a permit at the own
 * server the first time the account writes to it, and allowed past the account's screener then; a permit the user
 * revoked is not replaced.
 */
final class ContactExemptions {
    private final Connection connection;
    private final Map<Address, PermitId> given;
    private final boolean contacts;
    private final Clock clock;
    private final SecureRandom random;
    private final Address me;
    private Keyring keyring;

    ContactExemptions(Connection connection, Keyring keyring, Map<Address, PermitId> given,
                      Sender.Exemptions exemptions, Clock clock, SecureRandom random) {
        this.connection = connection;
        this.keyring = keyring;
        this.given = given;
        this.contacts = exemptions == Sender.Exemptions.CONTACTS;
        this.clock = clock;
        this.random = random;
        this.me = connection.account().parsedAddress();
    }

    /** Issues a contact permit to every recipient that has none yet; stops quietly when the server is unreachable. */
    void issueFor(List<Address> recipients, Consumer<String> status) {
        if (!contacts) {
            return;
        }
        for (Address recipient : recipients) {
            if (keyring.contactPermit(me, recipient, ContactPermit.Direction.ISSUED).isPresent()
                    || subscribedTo(recipient)) {
                continue;
            }
            if (!allow(recipient, status)) {
                return;
            }
            PermitId id = PermitId.random(random);
            try {
                connection.server().createPermit(new PermitRequest(id, recipient.hash(), Permit.Purpose.CONTACT));
            } catch (IOException failed) {
                if (ApiException.isPassing(failed)) {
                    // Rate limited, down or unreachable: the copies go (or wait) anyway; the next send issues these.
                    return;
                }
                status.accept("no permit for " + recipient.display() + " (" + ((ApiException) failed).code().wire()
                        + ")");
                continue;
            }
            keyring = keyring.withContactPermit(new ContactPermit(me.display(), recipient.display(),
                    ContactPermit.Direction.ISSUED, id, clock.instant(), null));
        }
    }

    /**
     * Puts a person the user writes to first on the own server's allow list, so that their mail skips the screener
     * even when it comes with a stamp (their client may not use the permit). Before the permit, so that a send cut
     * short by the server asks again next time (allowing twice changes nothing).
     *
     * @return false when the server is unreachable (the caller stops asking it for this send)
     */
    private boolean allow(Address recipient, Consumer<String> status) {
        if (recipient.equals(me)) {
            return true;
        }
        try {
            connection.server().allow(recipient.hash());
        } catch (IOException failed) {
            if (ApiException.isPassing(failed)) {
                return false;
            }
            status.accept("not allowed past the screener: " + recipient.display() + " ("
                    + ((ApiException) failed).code().wire() + ")");
        }
        return true;
    }

    /** A list one subscribed to already holds a list permit from this account; a second one would be noise. */
    private boolean subscribedTo(Address recipient) {
        return keyring.subscriptions().stream().anyMatch(s -> Address.parse(s.list()).equals(recipient)
                && Address.parse(s.account()).equals(me));
    }

    /** The permit the envelope to {@code recipient} names, or null (a stamp). */
    synchronized PermitId use(Address recipient) {
        PermitId permit = given.get(recipient);
        if (permit != null || !contacts) {
            return permit;
        }
        return keyring.receivedPermit(me, recipient).orElse(null);
    }

    /** Whether {@link #use} is a permit the contact gave (which, refused, is worth a retry with a stamp). */
    synchronized boolean usesReceived(Address recipient) {
        return contacts && !given.containsKey(recipient) && keyring.receivedPermit(me, recipient).isPresent();
    }

    /** The contact permit {@code recipient}'s summary carries, or null. */
    synchronized PermitId carry(Address recipient) {
        if (!contacts) {
            return null;
        }
        return keyring.contactPermit(me, recipient, ContactPermit.Direction.ISSUED).filter(ContactPermit::active)
                .map(ContactPermit::permit).orElse(null);
    }

    /** The contact's server refused the permit it gave: it is not used again (nor learnt again from old mail). */
    synchronized void refused(Address recipient) {
        keyring.contactPermit(me, recipient, ContactPermit.Direction.RECEIVED).ifPresent(p ->
                keyring = keyring.withContactPermit(p.revoked(clock.instant())));
    }

    synchronized Keyring keyring() {
        return keyring;
    }

    static boolean isPermitRefusal(ErrorCode code) {
        return code == ErrorCode.PERMIT_REVOKED || code == ErrorCode.PERMIT_MISMATCH;
    }

    static boolean isPermitRefusal(String wire) {
        return wire.equals(ErrorCode.PERMIT_REVOKED.wire()) || wire.equals(ErrorCode.PERMIT_MISMATCH.wire());
    }
}
