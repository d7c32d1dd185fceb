package org.mailv2.client.core.keyring;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.EncryptionRecipient;
import org.mailv2.protocol.keys.SigningPublicKey;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.KeyChain;
import org.mailv2.protocol.resolver.KeyChange;
import org.mailv2.protocol.resolver.Resolver;

/**
 * Trust on first use, like SSH's known_hosts: a correspondent's first verified record is pinned; a later record is
 * accepted only when it keeps the pinned key or is reached from it by rotations, each signed by the key before it with
 * a higher serial. Anything else — any
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
        return observe(keyring, address, record, List.of());
    }

    /**
     * As {@link #observe(Keyring, Address, AddressRecord)}; when the record holds a key the pinned one did not sign
     * itself (the contact rotated more than once since), {@code changes} — the resolver's key history, see
     * {@link #needsKeyHistory} — may lead from the pinned key to it through a {@link KeyChain}. Every key passed on
     * the way is kept as a past key of the contact.
     */
    public Keyring observe(Keyring keyring, Address address, AddressRecord record, List<KeyChange> changes) {
        requireRecordOf(address, record);
        var pinned = keyring.contact(address);
        if (pinned.isEmpty()) {
            return keyring.withContact(contact(address, record, null, List.of()));
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
        if (sameKey && record.serial() == c.serial()) {
            return keyring;
        }
        if (sameKey) {
            return keyring.withContact(contact(address, record, c.verifiedAt(), c.pastKeys()));
        }
        List<KeyChange> steps;
        if (record.serial() > c.serial() && c.signingKey().equals(record.previousSigningKey())) {
            steps = List.of(new KeyChange(record, publishedAt(record, changes)));
        } else {
            try {
                steps = KeyChain.walk(address.hash(), c.signingKey(), c.serial(), changes, record);
            } catch (ProtocolException noChain) {
                return keyring.withContact(c.keyChanged(record.signingKey()));
            }
        }
        // A rotation signed by the key the user verified is as good as that key: the mark stays.
        List<PastKey> past = new ArrayList<>(c.pastKeys());
        SigningPublicKey key = c.signingKey();
        EncryptionRecipient encryption = c.encryptionKey();
        long serial = c.serial();
        for (KeyChange step : steps) {
            past.add(new PastKey(key, encryption, serial, step.publishedAt()));
            key = step.record().signingKey();
            encryption = step.record().encryptionKey();
            serial = step.record().serial();
        }
        return keyring.withContact(contact(address, record, c.verifiedAt(), past));
    }

    /**
     * Whether seeing {@code record} needs the resolver's key history: the contact is pinned to a key that did not
     * sign the record's key itself.
     */
    public static boolean needsKeyHistory(Keyring keyring, Address address, AddressRecord record) {
        return keyring.contact(address).filter(c -> c.status() == Contact.Status.PINNED
                && !c.signingKey().equals(record.signingKey())
                && !c.signingKey().equals(record.previousSigningKey())).isPresent();
    }

    /** When the resolver published {@code record}, if its history says so; else now (when this client saw it). */
    private Instant publishedAt(AddressRecord record, List<KeyChange> changes) {
        return changes.stream().filter(ch -> ch.record().equals(record)).map(KeyChange::publishedAt).findFirst()
                .orElseGet(clock::instant);
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
        List<PastKey> past = new ArrayList<>();
        keyring.contact(address).ifPresent(c -> {
            past.addAll(c.pastKeys());
            if (!c.signingKey().equals(record.signingKey())) {
                past.add(new PastKey(c.signingKey(), c.encryptionKey(), c.serial(), clock.instant()));
            }
        });
        return keyring.withContact(contact(address, record, null, past));
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

    private Contact contact(Address address, AddressRecord record, Instant verifiedAt, List<PastKey> pastKeys) {
        return new Contact(address.display(), record.signingKey(), record.encryptionKey(), record.serial(),
                clock.instant(), Contact.Status.PINNED, verifiedAt, null, pastKeys);
    }
}
