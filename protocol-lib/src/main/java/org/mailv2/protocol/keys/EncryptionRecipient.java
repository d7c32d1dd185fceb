package org.mailv2.protocol.keys;

import com.exceptionfactory.jagged.bech32.Bech32;
import com.exceptionfactory.jagged.bech32.Bech32Address;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/**
 * An age X25519 recipient ({@code age1…}): the public key that messages to an account are encrypted to. Keys of
 * small order are refused, since every shared secret with them is zero.
 */
public final class EncryptionRecipient {
    public static final int LENGTH = 32;
    static final String HRP = "age";
    private static final byte[] PROBE_SCALAR = probeScalar();

    private final byte[] bytes;

    private EncryptionRecipient(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @throws ProtocolException {@code bad_key} unless 32 bytes of a point outside the small-order set */
    public static EncryptionRecipient ofBytes(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new ProtocolException(ErrorCode.BAD_KEY, "an X25519 public key has exactly 32 bytes");
        }
        // A clamped scalar is a multiple of the cofactor, so it maps exactly the small-order points to zero.
        byte[] shared = new byte[X25519.POINT_SIZE];
        if (!X25519.calculateAgreement(PROBE_SCALAR, 0, bytes, 0, shared, 0)) {
            throw new ProtocolException(ErrorCode.BAD_KEY, "X25519 key of small order");
        }
        return new EncryptionRecipient(bytes.clone());
    }

    /** @throws ProtocolException {@code malformed} unless an {@code age1…} string, {@code bad_key} for a weak key */
    @JsonCreator
    public static EncryptionRecipient parse(String text) {
        if (text == null || !text.startsWith(HRP + "1") || !text.equals(text.toLowerCase(java.util.Locale.ROOT))) {
            throw new ProtocolException(ErrorCode.MALFORMED, "an age recipient is a lowercase age1… string");
        }
        Bech32Address decoded;
        try {
            decoded = Bech32.getDecoder().decode(text);
        } catch (RuntimeException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, "an age recipient with a bad checksum", e);
        }
        if (!HRP.contentEquals(decoded.getHumanReadablePart())) {
            throw new ProtocolException(ErrorCode.MALFORMED, "not an age recipient");
        }
        return ofBytes(decoded.getData());
    }

    @JsonValue
    public String text() {
        return Bech32.getEncoder().encode(HRP, bytes).toString();
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public KeyId keyId() {
        return KeyId.of(bytes);
    }

    private static byte[] probeScalar() {
        byte[] k = new byte[X25519.SCALAR_SIZE];
        k[0] = 8;
        k[31] = 64;
        return k;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptionRecipient other && Arrays.equals(bytes, other.bytes);
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
