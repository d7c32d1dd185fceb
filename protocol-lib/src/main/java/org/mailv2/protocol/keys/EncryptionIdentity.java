package org.mailv2.protocol.keys;

import com.exceptionfactory.jagged.bech32.Bech32;
import com.exceptionfactory.jagged.bech32.Bech32Address;
import java.security.SecureRandom;
import java.util.Locale;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/**
 * An age X25519 identity ({@code AGE-SECRET-KEY-1…}): the private key that opens messages to an account. Its
 * {@link #toString()} shows the recipient's key id only.
 */
public final class EncryptionIdentity {
    private static final String HRP = "age-secret-key-";

    private final byte[] scalar;
    private final EncryptionRecipient recipient;

    private EncryptionIdentity(byte[] scalar) {
        this.scalar = scalar;
        byte[] pub = new byte[X25519.POINT_SIZE];
        X25519.scalarMultBase(scalar, 0, pub, 0);
        this.recipient = EncryptionRecipient.ofBytes(pub);
    }

    public static EncryptionIdentity generate(SecureRandom random) {
        byte[] k = new byte[X25519.SCALAR_SIZE];
        random.nextBytes(k);
        return new EncryptionIdentity(k);
    }

    /** @throws ProtocolException {@code bad_key} unless 32 bytes */
    public static EncryptionIdentity ofBytes(byte[] scalar) {
        if (scalar == null || scalar.length != X25519.SCALAR_SIZE) {
            throw new ProtocolException(ErrorCode.BAD_KEY, "an X25519 private key has exactly 32 bytes");
        }
        return new EncryptionIdentity(scalar.clone());
    }

    /** @throws ProtocolException {@code malformed} unless an upper-case {@code AGE-SECRET-KEY-1…} string */
    public static EncryptionIdentity parse(String text) {
        if (text == null || !text.startsWith("AGE-SECRET-KEY-1") || !text.equals(text.toUpperCase(Locale.ROOT))) {
            throw new ProtocolException(ErrorCode.MALFORMED, "an age identity is an AGE-SECRET-KEY-1… string");
        }
        Bech32Address decoded;
        try {
            decoded = Bech32.getDecoder().decode(text.toLowerCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, "an age identity with a bad checksum", e);
        }
        if (!HRP.contentEquals(decoded.getHumanReadablePart())) {
            throw new ProtocolException(ErrorCode.MALFORMED, "not an age identity");
        }
        return ofBytes(decoded.getData());
    }

    /** The identity file line that {@code age -d -i} reads; never log it. */
    public String secretText() {
        return Bech32.getEncoder().encode(HRP, scalar).toString().toUpperCase(Locale.ROOT);
    }

    public EncryptionRecipient recipient() {
        return recipient;
    }

    public byte[] bytes() {
        return scalar.clone();
    }

    @Override
    public String toString() {
        return "EncryptionIdentity[" + recipient.keyId() + "]";
    }
}
