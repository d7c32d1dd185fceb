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
 * with the contact (null: trusted on first use only); it is cleared when another key is accepted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Contact(String address, SigningPublicKey signingKey, EncryptionRecipient encryptionKey, long serial,
                      Instant pinnedAt, Status status, Instant verifiedAt, SigningPublicKey offeredKey) {
    public enum Status { PINNED, KEY_CHANGED }

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
        return new Contact(address, signingKey, encryptionKey, serial, pinnedAt, status, at, offeredKey);
    }

    /** The pinned keys stay; the contact is marked changed, remembering the key that was offered. */
    public Contact keyChanged(SigningPublicKey offered) {
        return new Contact(address, signingKey, encryptionKey, serial, pinnedAt, Status.KEY_CHANGED, verifiedAt,
                offered != null ? offered : offeredKey);
    }
}
