package org.mailv2.client.core.keyring;

import java.time.Instant;
import org.mailv2.protocol.keys.EncryptionRecipient;
import org.mailv2.protocol.keys.SigningPublicKey;

/**
 * A key a contact rotated away from, as this client saw it: mail it signed still verifies when the own server took
 * it before {@code retiredAt} plus {@link org.mailv2.protocol.resolver.RetiredKeys#GRACE} (it was on its way during
 * the rotation). {@code retiredAt} is when the resolver published the rotation, or when this client first saw it if
 * the resolver did not say.
 */
public record PastKey(SigningPublicKey signingKey, EncryptionRecipient encryptionKey, long serial, Instant retiredAt) {
}
