package org.mailv2.protocol.pow;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/**
 * What a stamp is bound to: {@code v1:<bits>:<yyMMdd>:<fromHash>:<toHash>:<digest>}. For a message the digest is the
 * envelope digest; for an address record the from and to hashes are the address hash and the digest is the
 * record digest.
 */
public record StampHeader(int bits, LocalDate date, Sha256 fromHash, Sha256 toHash, Sha256 digest) {
    public static final String VERSION = "v1";
    public static final int MAX_BITS = 64;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuMMdd").withResolverStyle(ResolverStyle.STRICT);

    public StampHeader {
        if (bits < 0 || bits > MAX_BITS) {
            throw new ProtocolException(ErrorCode.POW_INVALID, "stamp bits must be 0 to 64");
        }
        if (date == null || fromHash == null || toHash == null || digest == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "stamp header is incomplete");
        }
        if (date.getYear() < 2000 || date.getYear() > 2099) {
            throw new ProtocolException(ErrorCode.POW_INVALID, "stamp date outside 2000-2099");
        }
    }

    /** @throws ProtocolException {@code malformed} or {@code pow_invalid} when the text is not a header */
    public static StampHeader parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 6 || !VERSION.equals(parts[0])) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a stamp header is v1:bits:yyMMdd:from:to:digest");
        }
        if (!parts[1].matches("[0-9]{1,2}") || (parts[1].length() == 2 && parts[1].charAt(0) == '0')) {
            throw new ProtocolException(ErrorCode.MALFORMED, "stamp bits are a decimal number without leading zeros");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(parts[2], DAY);
        } catch (DateTimeParseException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, "stamp date is yyMMdd", e);
        }
        return new StampHeader(Integer.parseInt(parts[1]), date,
                Sha256.parseHex(parts[3]), Sha256.parseHex(parts[4]), Sha256.parseHex(parts[5]));
    }

    public String text() {
        return VERSION + ":" + bits + ":" + DAY.format(date) + ":" + fromHash.hex() + ":" + toHash.hex() + ":"
                + digest.hex();
    }

    /** {@code c = SHA-256(header)}, the 32-byte prefix of every try. */
    public byte[] challenge() {
        return Sha256.hash(text().getBytes(StandardCharsets.US_ASCII)).bytes();
    }

    /** The work a solver expects to do: 2^bits tries. */
    public double expectedTries() {
        return Math.pow(2, bits);
    }

    @Override
    public String toString() {
        return text();
    }
}
