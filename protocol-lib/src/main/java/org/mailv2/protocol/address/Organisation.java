package org.mailv2.protocol.address;

import java.util.Locale;
import java.util.regex.Pattern;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/** An organisation name such as {@code acme} in {@code bob@acme!}; canonical form drops dots and dashes. */
public final class Organisation {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,63}");
    private static final int MIN_CANONICAL = 2;

    private final String name;

    private Organisation(String name) {
        this.name = name;
    }

    /** @throws ProtocolException {@code invalid_address} when the text is not an organisation name */
    public static Organisation parse(String text) {
        String name = text == null ? "" : text.toLowerCase(Locale.ROOT);
        if (!NAME.matcher(name).matches()) {
            throw new ProtocolException(ErrorCode.INVALID_ADDRESS,
                    "an organisation is 2 to 64 of a-z 0-9 . - and starts with a letter or digit");
        }
        if (Address.canonicalPart(name).length() < MIN_CANONICAL) {
            throw new ProtocolException(ErrorCode.INVALID_ADDRESS,
                    "an organisation needs 2 letters or digits besides dots and dashes");
        }
        return new Organisation(name);
    }

    public String display() {
        return name;
    }

    public String canonical() {
        return Address.canonicalPart(name);
    }

    /** Hex SHA-256 of the canonical name (without '!'). */
    public Sha256 hash() {
        return Sha256.hash(canonical());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Organisation other && canonical().equals(other.canonical());
    }

    @Override
    public int hashCode() {
        return canonical().hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
