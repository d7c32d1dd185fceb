package org.mailv2.protocol.keys;

import java.util.Map;
import org.mailv2.protocol.json.Jcs;

/** The signature by which an identity (Ed25519 key) vouches for its encryption key (age X25519 recipient). */
public final class KeyBinding {
    private KeyBinding() {
    }

    public static Signature sign(SigningPrivateKey identity, EncryptionRecipient encryptionKey) {
        return identity.sign(message(identity.publicKey(), encryptionKey));
    }

    /** @throws org.mailv2.protocol.error.ProtocolException {@code bad_signature} when the binding does not verify */
    public static void verify(SigningPublicKey identity, EncryptionRecipient encryptionKey, Signature binding) {
        identity.verify(message(identity, encryptionKey), binding);
    }

    static byte[] message(SigningPublicKey identity, EncryptionRecipient encryptionKey) {
        return SigningDomain.KEY_BINDING.message(Jcs.canonicalize(
                Map.of("signingKey", identity.text(), "encryptionKey", encryptionKey.text())));
    }
}
