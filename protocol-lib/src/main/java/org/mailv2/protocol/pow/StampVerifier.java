package org.mailv2.protocol.pow;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/**
 * Checks a stamp against what it must be bound to, the bits the verifier asks for and today's date. Whether the stamp
 * was spent before is the store's job (a unique constraint), not this class's.
 */
public final class StampVerifier {
    /** A stamp is good from two days before to two days after its date (clock skew, slow delivery). */
    public static final int DATE_WINDOW_DAYS = 2;

    private final Clock clock;

    public StampVerifier(Clock clock) {
        this.clock = clock;
    }

    /**
     * @throws ProtocolException {@code pow_required} when the stamp asks for fewer bits than required,
     *     {@code stamp_expired} outside the date window, {@code pow_invalid} when it is bound to something else or its
     *     hash has too few zero bits
     */
    public void verify(Stamp stamp, Sha256 fromHash, Sha256 toHash, Sha256 digest, int requiredBits) {
        StampHeader h = stamp.header();
        if (h.bits() < requiredBits) {
            throw new ProtocolException(ErrorCode.POW_REQUIRED,
                    "stamp has " + h.bits() + " bits, " + requiredBits + " required");
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (Math.abs(ChronoUnit.DAYS.between(today, h.date())) > DATE_WINDOW_DAYS) {
            throw new ProtocolException(ErrorCode.STAMP_EXPIRED, "stamp dated " + h.date() + " is outside ±2 days");
        }
        if (!h.fromHash().matches(fromHash) || !h.toHash().matches(toHash) || !h.digest().matches(digest)) {
            throw new ProtocolException(ErrorCode.POW_INVALID, "stamp is bound to another message");
        }
        if (!stamp.hasEnoughWork()) {
            throw new ProtocolException(ErrorCode.POW_INVALID, "stamp hash has fewer than " + h.bits() + " zero bits");
        }
    }

    /** The first day on which a spent stamp may be forgotten: it can no longer pass the date window. */
    public static LocalDate forgettableAfter(Stamp stamp) {
        return stamp.header().date().plusDays(DATE_WINDOW_DAYS + 1);
    }

    /** The header a sender should solve today. */
    public StampHeader headerForToday(int bits, Sha256 fromHash, Sha256 toHash, Sha256 digest) {
        return new StampHeader(bits, LocalDate.now(clock.withZone(ZoneOffset.UTC)), fromHash, toHash, digest);
    }
}
