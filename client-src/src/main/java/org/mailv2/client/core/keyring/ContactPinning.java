package org.mailv2.client.core.keyring;

import java.io.IOException;
import java.time.Clock;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.SigningPublicKey;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.Resolver;

/**
 * Trust on first use, like SSH's known_hosts: a correspondent's first verified record is pinned; a later record is
 * accepted only when it keeps the pinned key or is a rotation signed by it with a higher serial. Anything else — any
 * other key, whatever its serial — marks the contact {@code KEY_CHANGED} and is never accepted silently; a record
 * with a lower serial than the pinned one is refused ({@code stale_serial}). The resolver is a directory, not an
 * authority.
 */
public final class ContactPinning {
    private final Clock clock;

    public ContactPinning(Clock clock) {
        this.clock = clock;
    }

    /**
     * The keyring after seeing {@code record} for {@code address}.
     *
     * @throws ProtocolException {@code bad_signature} for a record of another address or with a bad signature,
     *     {@code stale_serial} for a record older than the pinned one
     */
    public Keyring observe(Keyring keyring, Address address, AddressRecord record) {
        requireRecordOf(address, record);
        var pinned = keyring.contact(address);
        if (pinned.isEmpty()) {
            return keyring.withContact(contact(address, record, null));
        }
        Contact c = pinned.get();
        if (c.status() == Contact.Status.KEY_CHANGED) {
            return keyring;
        }
        if (record.serial() < c.serial()) {
            throw new ProtocolException(ErrorCode.STALE_SERIAL, "the resolver served " + address.display()
                    + "'s record " + record.serial() + ", older than the pinned " + c.serial());
        }
        boolean sameKey = c.signingKey().equals(record.signingKey());
        boolean signedRotation = record.serial() > c.serial() && c.signingKey().equals(record.previousSigningKey());
        if (sameKey && record.serial() == c.serial()) {
            return keyring;
        }
        if (sameKey || signedRotation) {
            // A rotation signed by the key the user verified is as good as that key: the mark stays.
            return keyring.withContact(contact(address, record, c.verifiedAt()));
        }
        return keyring.withContact(c.keyChanged(record.signingKey()));
    }

    /**
     * The keyring after a message from {@code address} came signed by {@code offered}, a key the pinned one did not
     * endorse: the contact is marked changed (its pinned keys stay).
     */
    public static Keyring offered(Keyring keyring, Address address, SigningPublicKey offered) {
        return keyring.contact(address).filter(c -> !c.signingKey().equals(offered))
                .map(c -> keyring.withContact(c.keyChanged(offered))).orElse(keyring);
    }

    /**
     * The keyring with {@code address} pinned to the keys its record shows now, whatever was pinned before: the
     * user's decision after checking a changed key with the contact. With {@code expectedKeyId} (hex, a prefix of at
     * least 8 digits, spaces ignored), only that key is taken.
     *
     * @throws ProtocolException {@code unknown_recipient} for an address without a record, {@code bad_key} when the
     *     record shows another key than the expected one, {@code forbidden} for an organisation address that is not
     *     a member, {@code bad_signature} for a broken record
     */
    public Keyring accept(Keyring keyring, Address address, Resolver resolver, String expectedKeyId)
            throws IOException {
        AddressRecord record = resolver.address(address.hash()).orElseThrow(() -> new ProtocolException(
                ErrorCode.UNKNOWN_RECIPIENT, address.display() + " has not published keys"));
        requireRecordOf(address, record);
        Memberships.require(resolver, address, record);
        if (expectedKeyId != null && !matchesKeyId(record.signingKey(), expectedKeyId)) {
            throw new ProtocolException(ErrorCode.BAD_KEY, "the resolver shows " + address.display() + "'s key "
                    + record.signingKey().keyId().shortForm() + ", not the expected " + expectedKeyId.strip());
        }
        return keyring.withContact(contact(address, record, null));
    }

    /** As {@link #accept(Keyring, Address, Resolver, String)} without an expected key. */
    public Keyring accept(Keyring keyring, Address address, Resolver resolver) throws IOException {
        return accept(keyring, address, resolver, null);
    }

    static boolean matchesKeyId(SigningPublicKey key, String typed) {
        String wanted = typed.replaceAll("\\s", "").toLowerCase(java.util.Locale.ROOT);
        return wanted.length() >= 8 && key.keyId().hex().startsWith(wanted);
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

    /** @throws ProtocolException {@code bad_signature} unless the record is for {@code address} and signed */
    static void requireRecordOf(Address address, AddressRecord record) {
        if (!record.addressHash().matches(address.hash())) {
            throw new ProtocolException(ErrorCode.BAD_SIGNATURE, "the resolver answered for another address");
        }
        record.verifySelf();
    }

    private Contact contact(Address address, AddressRecord record, java.time.Instant verifiedAt) {
        return new Contact(address.display(), record.signingKey(), record.encryptionKey(), record.serial(),
                clock.instant(), Contact.Status.PINNED, verifiedAt, null);
    }
}
