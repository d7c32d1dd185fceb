package org.mailv2.protocol.vectors;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA-256 (RFC 5869) built on the JDK's HmacSHA256 the way jagged 0.3.2's HashedDerivedKeyProducer does it:
 * extract is one HMAC keyed with the salt (an empty salt becomes 32 zero bytes, as in jagged's header key), expand
 * HMACs {@code T(i-1) || info || i}. jagged only ever takes T(1), 32 bytes; the loop covers the longer outputs the
 * vectors ask for, and sizes past 255 blocks are refused as RFC 5869 requires.
 */
final class JaggedHkdf {
    static final int HASH_LENGTH = 32;
    static final int MAX_LENGTH = 255 * HASH_LENGTH;

    private JaggedHkdf() {
    }

    /** @throws IllegalArgumentException when {@code length} is negative or over 8,160 bytes */
    static byte[] derive(byte[] ikm, byte[] salt, byte[] info, int length) throws GeneralSecurityException {
        if (length < 0 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA-256 output is at most " + MAX_LENGTH + " bytes");
        }
        byte[] prk = hmac(salt.length == 0 ? new byte[HASH_LENGTH] : salt, ikm);
        ByteArrayOutputStream okm = new ByteArrayOutputStream(length);
        byte[] previous = new byte[0];
        for (int i = 1; okm.size() < length; i++) {
            byte[] input = new byte[previous.length + info.length + 1];
            System.arraycopy(previous, 0, input, 0, previous.length);
            System.arraycopy(info, 0, input, previous.length, info.length);
            input[input.length - 1] = (byte) i;
            previous = hmac(prk, input);
            okm.write(previous, 0, Math.min(previous.length, length - okm.size()));
        }
        return okm.toByteArray();
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }
}
