package org.mailv2.protocol.keys;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/** An Ed25519 signature: exactly 64 bytes (JDK 17 would accept a 65th; we never do). */
public final class Signature {
    public static final int LENGTH = 64;
    private final byte[] bytes;

    private Signature(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @throws ProtocolException {@code bad_signature} unless exactly 64 bytes */
    public static Signature ofBytes(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new ProtocolException(ErrorCode.BAD_SIGNATURE, "an Ed25519 signature has exactly 64 bytes");
        }
        return new Signature(bytes.clone());
    }

    /** @throws ProtocolException {@code malformed} unless 64 bytes of canonical base64url */
    @JsonCreator
    public static Signature parse(String text) {
        return new Signature(Base64Url.decode(text, LENGTH, "a signature"));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    byte[] unsafeBytes() {
        return bytes;
    }

    @JsonValue
    public String text() {
        return Base64Url.encode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Signature other && Arrays.equals(bytes, other.bytes);
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
