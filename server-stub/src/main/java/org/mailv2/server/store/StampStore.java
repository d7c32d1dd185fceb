package org.mailv2.server.store;

import java.time.LocalDate;
import org.mailv2.protocol.digest.Sha256;

/** Stamps already spent: a unique constraint, never check-then-insert. */
public interface StampStore {
    /**
     * Records the stamp (by the SHA-256 of its text) as spent.
     *
     * @return true when it was not spent before; false when it was (a replay)
     */
    boolean spend(Sha256 stampHash, LocalDate forgettableAfter);

    /** Forgets stamps that can no longer pass the date window; returns how many. */
    int forgetBefore(LocalDate today);
}
