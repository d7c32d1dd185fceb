package org.mailv2.client.core.keyring;

import java.time.Instant;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.permit.PermitId;

/**
 * A contact permit between one of the user's accounts and a correspondent. {@code ISSUED}: the account issued it at
 * its own server, so the contact may write without proof of work. {@code RECEIVED}: the contact issued it (it came
 * inside a message), so the account may write to the contact without proof of work. {@code revokedAt} marks an
 * issued permit the user revoked, or a received one the contact's server refused; either is kept so the client
 * neither issues a new permit behind the user's back nor picks up the refused one again.
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record ContactPermit(String account, String contact, Direction direction, PermitId permit, Instant since,
                            Instant revokedAt) {
    public enum Direction { ISSUED, RECEIVED }

    public ContactPermit {
        if (account == null || contact == null || direction == null || permit == null || since == null) {
            throw new IllegalArgumentException("a contact permit needs account, contact, direction, id and date");
        }
        account = Address.parse(account).display();
        contact = Address.parse(contact).display();
    }

    public boolean active() {
        return revokedAt == null;
    }

    public ContactPermit revoked(Instant at) {
        return new ContactPermit(account, contact, direction, permit, since, at);
    }

    /** When this entry last changed: newer knowledge wins when two keyrings are merged. */
    Instant changedAt() {
        return revokedAt != null ? revokedAt : since;
    }

    boolean sameSlot(ContactPermit other) {
        return direction == other.direction && Address.parse(account).equals(Address.parse(other.account))
                && Address.parse(contact).equals(Address.parse(other.contact));
    }
}
