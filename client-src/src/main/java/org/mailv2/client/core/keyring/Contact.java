package org.mailv2.client.core.keyring;

import java.time.Instant;
import org.mailv2.protocol.keys.EncryptionRecipient;
import org.mailv2.protocol.keys.SigningPublicKey;

/**
 * A correspondent's keys, pinned on first use. {@code KEY_CHANGED} means the resolver now shows other keys that the
 * pinned key did not sign: nothing is sent to this contact until the user decides.
 */
public record Contact(String address, SigningPublicKey signingKey, EncryptionRecipient encryptionKey, long serial,
                      Instant pinnedAt, Status status) {
    public enum Status { PINNED, KEY_CHANGED }
}
