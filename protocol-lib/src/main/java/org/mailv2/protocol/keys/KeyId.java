package org.mailv2.protocol.keys;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.HexFormat;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/** The first 16 bytes of SHA-256 of a public key, as 32 lowercase hex digits. */
public final class KeyId {
    private static final HexFormat HEX = HexFormat.of();
    private final String hex;

    private KeyId(String hex) {
        this.hex = hex;
    }

    public static KeyId of(byte[] publicKey) {
        return new KeyId(HEX.formatHex(Arrays.copyOf(Sha256.hash(publicKey).bytes(), 16)));
    }

    /** @throws ProtocolException {@code malformed} unless 32 lowercase hex digits */
    @JsonCreator
    public static KeyId parse(String hex) {
        if (hex == null || !hex.matches("[0-9a-f]{32}")) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a key id is 32 lowercase hex digits");
        }
        return new KeyId(hex);
    }

    @JsonValue
    public String hex() {
        return hex;
    }

    /** The short form people compare, e.g. {@code 3F2A 91C0}. */
    public String shortForm() {
        return (hex.substring(0, 4) + " " + hex.substring(4, 8)).toUpperCase(java.util.Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyId other && hex.equals(other.hex);
    }

    @Override
    public int hashCode() {
        return hex.hashCode();
    }

    @Override
    public String toString() {
        return hex;
    }
}
