package org.mailv2.client.core.keyring;

import java.time.Clock;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.resolver.AddressRecord;

/**
 * Trust on first use, like SSH's known_hosts: a correspondent's first verified record is pinned; a later record is
 * accepted only when it keeps the pinned key or is a rotation signed by it. Anything else marks the contact
 * {@code KEY_CHANGED} and is never accepted silently.
 */
public final class ContactPinning {
    private final Clock clock;

    public ContactPinning(Clock clock) {
        this.clock = clock;
    }

    /** The keyring after seeing {@code record} for {@code address}; the record must already be verified. */
    public Keyring observe(Keyring keyring, Address address, AddressRecord record) {
        if (!record.addressHash().matches(address.hash())) {
            throw new ProtocolException(ErrorCode.BAD_SIGNATURE, "the resolver answered for another address");
        }
        record.verifySelf();
        var pinned = keyring.contact(address);
        if (pinned.isEmpty()) {
            return keyring.withContact(contact(address, record, Contact.Status.PINNED));
        }
        Contact c = pinned.get();
        if (c.status() == Contact.Status.KEY_CHANGED || record.serial() <= c.serial()) {
            return keyring;
        }
        boolean sameKey = c.signingKey().equals(record.signingKey());
        boolean signedRotation = c.signingKey().equals(record.previousSigningKey());
        if (sameKey || signedRotation) {
            return keyring.withContact(contact(address, record, Contact.Status.PINNED));
        }
        return keyring.withContact(new Contact(c.address(), c.signingKey(), c.encryptionKey(), c.serial(),
                c.pinnedAt(), Contact.Status.KEY_CHANGED));
    }

    /**
     * The keyring with {@code address} pinned to the keys its record shows now, whatever was pinned before: the
     * user's decision after checking a changed key with the contact.
     *
     * @throws ProtocolException {@code unknown_recipient} for an address without a record
     */
    public Keyring accept(Keyring keyring, Address address, org.mailv2.protocol.resolver.Resolver resolver)
            throws java.io.IOException {
        AddressRecord record = resolver.address(address.hash()).orElseThrow(() -> new ProtocolException(
                ErrorCode.UNKNOWN_RECIPIENT, address.display() + " has not published keys"));
        if (!record.addressHash().matches(address.hash())) {
            throw new ProtocolException(ErrorCode.BAD_SIGNATURE, "the resolver answered for another address");
        }
        record.verifySelf();
        return keyring.withContact(contact(address, record, Contact.Status.PINNED));
    }

    /** @throws ProtocolException {@code key_change_unsigned} for a contact whose keys changed without signature */
    public static Contact requireUsable(Keyring keyring, Address address) {
        Contact c = keyring.contact(address).orElseThrow(() -> new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT,
                address.display() + " has not published keys"));
        if (c.status() == Contact.Status.KEY_CHANGED) {
            throw new ProtocolException(ErrorCode.KEY_CHANGE_UNSIGNED, address.display()
                    + "'s keys changed without being signed by the pinned key; check with them, then accept the key");
        }
        return c;
    }

    private Contact contact(Address address, AddressRecord record, Contact.Status status) {
        return new Contact(address.display(), record.signingKey(), record.encryptionKey(), record.serial(),
                clock.instant(), status);
    }
}
