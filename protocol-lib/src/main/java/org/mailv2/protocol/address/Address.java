package org.mailv2.protocol.address;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/**
 * A mailv2 address, {@code local!} or {@code local@organisation!}. The display form keeps dots and dashes; the
 * canonical form drops them, so look-alikes such as {@code j.ohn!} and {@code john!} are one address. Equality and
 * the address hash follow the canonical form.
 */
public final class Address {
    private static final Pattern LOCAL = Pattern.compile("[a-z0-9][a-z0-9.-]{2,63}");
    private static final int MIN_CANONICAL_LOCAL = 3;

    private final String local;
    private final Organisation organisation;

    private Address(String local, Organisation organisation) {
        this.local = local;
        this.organisation = organisation;
    }

    /**
     * Parses an address; upper case is folded to lower case.
     *
     * @throws ProtocolException {@code invalid_address} when the text is not an address
     */
    public static Address parse(String text) {
        if (text == null || text.length() > 130 || !text.endsWith("!")) {
            throw invalid(text, "an address ends with '!'");
        }
        String body = text.substring(0, text.length() - 1).toLowerCase(Locale.ROOT);
        int at = body.indexOf('@');
        String local = at < 0 ? body : body.substring(0, at);
        if (!LOCAL.matcher(local).matches()) {
            throw invalid(text, "the local part is 3 to 64 of a-z 0-9 . - and starts with a letter or digit");
        }
        if (canonicalPart(local).length() < MIN_CANONICAL_LOCAL) {
            throw invalid(text, "the local part needs 3 letters or digits besides dots and dashes");
        }
        Organisation organisation = null;
        if (at >= 0) {
            try {
                organisation = Organisation.parse(body.substring(at + 1));
            } catch (ProtocolException e) {
                throw invalid(text, e.getMessage());
            }
        }
        return new Address(local, organisation);
    }

    /** True when {@link #parse} would accept the text. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (ProtocolException e) {
            return false;
        }
    }

    public String local() {
        return local;
    }

    public Optional<Organisation> organisation() {
        return Optional.ofNullable(organisation);
    }

    /** The form people see and type, e.g. {@code j.doe@acme-corp!}. */
    public String display() {
        return organisation == null ? local + "!" : local + "@" + organisation.display() + "!";
    }

    /** The form that identifies the address, e.g. {@code jdoe@acmecorp!}. */
    public String canonical() {
        String canonicalLocal = canonicalPart(local);
        return organisation == null ? canonicalLocal + "!" : canonicalLocal + "@" + organisation.canonical() + "!";
    }

    /** Hex SHA-256 of {@link #canonical()}: the only form of the address that servers see. */
    public Sha256 hash() {
        return Sha256.hash(canonical());
    }

    static String canonicalPart(String part) {
        return part.replace(".", "").replace("-", "");
    }

    private static ProtocolException invalid(String text, String why) {
        return new ProtocolException(ErrorCode.INVALID_ADDRESS, "not a mailv2 address: " + why);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Address other && canonical().equals(other.canonical());
    }

    @Override
    public int hashCode() {
        return canonical().hashCode();
    }

    @Override
    public String toString() {
        return display();
    }
}
