package org.mailv2.protocol.keys;

import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/** An Ed25519 private key (32-byte seed). Its {@link #toString()} shows the key id only. */
public final class SigningPrivateKey implements Signer {
    public static final int LENGTH = 32;
    private static final String TEXT_PREFIX = "MAILV2-ED25519-SECRET-";

    private final byte[] seed;
    private final SigningPublicKey publicKey;

    private SigningPrivateKey(byte[] seed) {
        this.seed = seed;
        byte[] pk = new byte[SigningPublicKey.LENGTH];
        Ed25519.generatePublicKey(seed, 0, pk, 0);
        this.publicKey = SigningPublicKey.ofBytes(pk);
    }

    public static SigningPrivateKey generate(SecureRandom random) {
        byte[] seed = new byte[LENGTH];
        Ed25519.generatePrivateKey(random, seed);
        return new SigningPrivateKey(seed);
    }

    /** @throws ProtocolException {@code bad_key} unless exactly 32 bytes */
    public static SigningPrivateKey ofSeed(byte[] seed) {
        if (seed == null || seed.length != LENGTH) {
            throw new ProtocolException(ErrorCode.BAD_KEY, "an Ed25519 private key has exactly 32 bytes");
        }
        return new SigningPrivateKey(seed.clone());
    }

    /** @throws ProtocolException {@code malformed} or {@code bad_key} for anything but {@link #secretText()} output */
    public static SigningPrivateKey parseSecretText(String text) {
        if (text == null || !text.startsWith(TEXT_PREFIX)) {
            throw new ProtocolException(ErrorCode.MALFORMED, "not a mailv2 Ed25519 secret key");
        }
        return ofSeed(Base64Url.decode(text.substring(TEXT_PREFIX.length()), LENGTH, "an Ed25519 secret key"));
    }

    @Override
    public Signature sign(byte[] message) {
        byte[] sig = new byte[Signature.LENGTH];
        Ed25519.sign(seed, 0, message, 0, message.length, sig, 0);
        return Signature.ofBytes(sig);
    }

    public SigningPublicKey publicKey() {
        return publicKey;
    }

    public KeyId keyId() {
        return publicKey.keyId();
    }

    /** The seed; only the vault may hold it. */
    public byte[] seed() {
        return seed.clone();
    }

    /** A text form for the vault and key export; never log it. */
    public String secretText() {
        return TEXT_PREFIX + Base64Url.encode(seed);
    }

    @Override
    public String toString() {
        return "SigningPrivateKey[" + keyId() + "]";
    }
}
