package org.mailv2.protocol.pow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.security.DigestException;
import java.security.MessageDigest;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/**
 * A hashcash-style stamp: a header and a 64-bit nonce such that {@code SHA-256(SHA-256(header) || nonce)} (nonce
 * big-endian, 40 bytes in all) starts with at least {@code bits} zero bits. Text form: header, ':', 16 hex digits.
 */
public record Stamp(StampHeader header, long nonce) {
    public Stamp {
        if (header == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "stamp without header");
        }
    }

    /** @throws ProtocolException {@code malformed} unless {@code <header>:<16 hex digits>} */
    @JsonCreator
    public static Stamp parse(String text) {
        int last = text == null ? -1 : text.lastIndexOf(':');
        if (last < 0 || !text.substring(last + 1).matches("[0-9a-f]{16}")) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a stamp is <header>:<16 lowercase hex digits>");
        }
        return new Stamp(StampHeader.parse(text.substring(0, last)),
                Long.parseUnsignedLong(text.substring(last + 1), 16));
    }

    @JsonValue
    public String text() {
        return header.text() + ":" + String.format("%016x", nonce);
    }

    /** Leading zero bits of this stamp's hash; the stamp proves that much work. */
    public int work() {
        byte[] block = new byte[40];
        System.arraycopy(header.challenge(), 0, block, 0, 32);
        writeNonce(block, nonce);
        byte[] out = new byte[32];
        MessageDigest md = Sha256.newDigest();
        md.update(block);
        try {
            md.digest(out, 0, 32);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
        return leadingZeroBits(out);
    }

    public boolean hasEnoughWork() {
        return work() >= header.bits();
    }

    static void writeNonce(byte[] block, long nonce) {
        for (int i = 0; i < 8; i++) {
            block[32 + i] = (byte) (nonce >>> (56 - 8 * i));
        }
    }

    static int leadingZeroBits(byte[] hash) {
        int zeros = 0;
        for (byte b : hash) {
            if (b == 0) {
                zeros += 8;
            } else {
                return zeros + Integer.numberOfLeadingZeros(b & 0xff) - 24;
            }
        }
        return zeros;
    }

    @Override
    public String toString() {
        return text();
    }
}
