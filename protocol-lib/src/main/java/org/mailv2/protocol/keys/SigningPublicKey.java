package org.mailv2.protocol.keys;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/**
 * An Ed25519 public key (an identity). Only keys of exactly 32 bytes that decode to a point of the prime-order
 * subgroup are accepted: small-order and mixed-order keys would let one signature verify for many messages.
 * Verification always goes through Bouncy Castle, on client and server alike.
 */
public final class SigningPublicKey implements Verifier {
    public static final int LENGTH = 32;
    private final byte[] bytes;

    private SigningPublicKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @throws ProtocolException {@code bad_key} unless a 32-byte key of the prime-order subgroup */
    public static SigningPublicKey ofBytes(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new ProtocolException(ErrorCode.BAD_KEY, "an Ed25519 public key has exactly 32 bytes");
        }
        if (!Ed25519.validatePublicKeyFull(bytes, 0)) {
            throw new ProtocolException(ErrorCode.BAD_KEY, "not an Ed25519 key of prime order");
        }
        return new SigningPublicKey(bytes.clone());
    }

    /** @throws ProtocolException {@code malformed} for bad base64url, {@code bad_key} for a bad key */
    @JsonCreator
    public static SigningPublicKey parse(String text) {
        return ofBytes(Base64Url.decode(text, LENGTH, "an Ed25519 public key"));
    }

    /**
     * Verifies with the exact checks of this library: 64-byte signatures, canonical S, and Bouncy Castle's equation,
     * which accepts some signatures with a low-order component in R (only the key holder can make those); the accept
     * set over the CCTV edge cases is frozen by a test.
     *
     * @throws ProtocolException {@code bad_signature} when it does not verify
     */
    @Override
    public void verify(byte[] message, Signature signature) {
        if (!Ed25519.verify(signature.unsafeBytes(), 0, bytes, 0, message, 0, message.length)) {
            throw new ProtocolException(ErrorCode.BAD_SIGNATURE, "signature does not verify");
        }
    }

    public boolean isValidSignature(byte[] message, Signature signature) {
        return Ed25519.verify(signature.unsafeBytes(), 0, bytes, 0, message, 0, message.length);
    }

    public KeyId keyId() {
        return KeyId.of(bytes);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    @JsonValue
    public String text() {
        return Base64Url.encode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningPublicKey other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return text();
    }
}
