package org.mailv2.client.core.keyring;

import java.time.Instant;
import java.security.SecureRandom;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;

/**
 * One generation of an account's private keys, kept in the vault: a retired one (replaced by a rotation at
 * {@code retiredAt}) still opens the mail sealed to it; a pending one (retiredAt null) was made by a rotation that has
 * not been published yet.
 */
public record KeyGeneration(String signingSecret, String encryptionSecret, Instant retiredAt) {
    public static KeyGeneration generate(SecureRandom random) {
        return new KeyGeneration(SigningPrivateKey.generate(random).secretText(),
                EncryptionIdentity.generate(random).secretText(), null);
    }

    public SigningPrivateKey signingKey() {
        return SigningPrivateKey.parseSecretText(signingSecret);
    }

    public EncryptionIdentity encryptionIdentity() {
        return EncryptionIdentity.parse(encryptionSecret);
    }

    @Override
    public String toString() {
        return "KeyGeneration[" + signingKey().keyId().shortForm() + (retiredAt == null ? "" : ", retired "
                + retiredAt) + "]";
    }
}
