package org.mailv2.protocol.digest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/** An immutable SHA-256 digest; its text form is 64 lowercase hex digits. */
public final class Sha256 {
    public static final int LENGTH = 32;
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private Sha256(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @throws ProtocolException {@code malformed} unless exactly 32 bytes */
    public static Sha256 ofBytes(byte[] digest) {
        if (digest.length != LENGTH) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a SHA-256 digest has 32 bytes, not " + digest.length);
        }
        return new Sha256(digest.clone());
    }

    /** @throws ProtocolException {@code malformed} unless 64 lowercase hex digits */
    @JsonCreator
    public static Sha256 parseHex(String hex) {
        if (hex == null || hex.length() != 2 * LENGTH || !hex.chars().allMatch(Sha256::isLowerHex)) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a SHA-256 digest is 64 lowercase hex digits");
        }
        return new Sha256(HEX.parseHex(hex));
    }

    public static Sha256 hash(byte[] data) {
        return new Sha256(newDigest().digest(data));
    }

    public static Sha256 hash(String utf8) {
        return hash(utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh JDK SHA-256 instance (hardware-accelerated where the CPU allows). */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    @JsonValue
    public String hex() {
        return HEX.formatHex(bytes);
    }

    /** Constant-time comparison, for digests that authenticate data. */
    public boolean matches(Sha256 other) {
        return MessageDigest.isEqual(bytes, other.bytes);
    }

    private static boolean isLowerHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sha256 other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
