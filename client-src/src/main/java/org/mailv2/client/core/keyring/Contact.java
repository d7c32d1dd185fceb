package org.mailv2.client.core.keyring;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.keys.EncryptionRecipient;
import org.mailv2.protocol.keys.SigningPublicKey;

/**
 * A correspondent's keys, pinned on first use. {@code KEY_CHANGED} means a record or a message showed another key that
 * the pinned key did not sign ({@code offeredKey}, when known): nothing is sent to this contact and nothing signed by
 * the new key shows as verified until the user decides. {@code verifiedAt} is when the user compared safety numbers
 * with the contact (null: trusted on first use only); it is cleared when another key is accepted, but kept through a
 * rotation the verified key signed. {@code pastKeys} are the keys the contact rotated away from, oldest first.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Contact(String address, SigningPublicKey signingKey, EncryptionRecipient encryptionKey, long serial,
                      Instant pinnedAt, Status status, Instant verifiedAt, SigningPublicKey offeredKey,
                      @JsonInclude(JsonInclude.Include.NON_EMPTY) java.util.List<PastKey> pastKeys) {
    public enum Status { PINNED, KEY_CHANGED }

    public Contact {
        pastKeys = pastKeys == null ? java.util.List.of() : java.util.List.copyOf(pastKeys);
    }

    /** A contact as vaults before key rotation held it. */
    public Contact(String address, SigningPublicKey signingKey, EncryptionRecipient encryptionKey, long serial,
                   Instant pinnedAt, Status status, Instant verifiedAt, SigningPublicKey offeredKey) {
        this(address, signingKey, encryptionKey, serial, pinnedAt, status, verifiedAt, offeredKey, null);
    }

    /** A contact as vaults before safety numbers held it. */
    public Contact(String address, SigningPublicKey signingKey, EncryptionRecipient encryptionKey, long serial,
                   Instant pinnedAt, Status status) {
        this(address, signingKey, encryptionKey, serial, pinnedAt, status, null, null);
    }

    public Address parsedAddress() {
        return Address.parse(address);
    }

    /** Whether the user compared safety numbers for the pinned key. */
    public boolean verified() {
        return verifiedAt != null && status == Status.PINNED;
    }

    public Contact withVerifiedAt(Instant at) {
        return new Contact(address, signingKey, encryptionKey, serial, pinnedAt, status, at, offeredKey, pastKeys);
    }

    /** The pinned keys stay; the contact is marked changed, remembering the key that was offered. */
    public Contact keyChanged(SigningPublicKey offered) {
        return new Contact(address, signingKey, encryptionKey, serial, pinnedAt, Status.KEY_CHANGED, verifiedAt,
                offered != null ? offered : offeredKey, pastKeys);
    }

    /** The past key with this id, if the contact ever held it. */
    public java.util.Optional<PastKey> pastKey(org.mailv2.protocol.keys.KeyId keyId) {
        return pastKeys.stream().filter(k -> k.signingKey().keyId().equals(keyId)).findFirst();
    }

    /** When the contact last rotated keys (as this client saw it), if ever. */
    public java.util.Optional<Instant> rotatedAt() {
        return pastKeys.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(pastKeys.get(pastKeys.size() - 1).retiredAt());
    }
}
