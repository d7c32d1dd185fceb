package org.mailv2.server.store.sql;

import java.sql.PreparedStatement;
import java.time.LocalDate;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.server.store.StampStore;
import org.mailv2.server.store.StoreException;

/**
 * Spent stamps in table {@code stamps}: spending is one {@code INSERT ... ON CONFLICT DO NOTHING} whose update count
 * says whether this caller was first, so concurrent spends of one stamp have exactly one winner on either dialect.
 * All methods throw {@link StoreException} when the database fails.
 */
final class SqlStampStore implements StampStore {
    private final Transactions tx;

    SqlStampStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public boolean spend(Sha256 stampHash, LocalDate forgettableAfter) {
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO stamps (stamp_hash, forgettable_after)"
                    + " VALUES (?, ?) ON CONFLICT (stamp_hash) DO NOTHING")) {
                s.setString(1, stampHash.hex());
                s.setLong(2, forgettableAfter.toEpochDay());
                return s.executeUpdate() == 1;
            }
        });
    }

    /** Deletes the stamps whose {@code forgettableAfter} is before {@code today}. */
    @Override
    public int forgetBefore(LocalDate today) {
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM stamps WHERE forgettable_after < ?")) {
                s.setLong(1, today.toEpochDay());
                return s.executeUpdate();
            }
        });
    }
}
