package org.mailv2.server.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.mailv2.server.store.QueueStore;
import org.mailv2.server.store.QueuedDelivery;
import org.mailv2.server.store.StoreException;
import org.mailv2.server.store.UnknownAccountException;

/**
 * The relay queue in table {@code queue}. A claim is one statement,
 * {@code UPDATE queue SET lease... WHERE id = (SELECT id ... ORDER BY not_before_us, id LIMIT 1 <lock>) RETURNING ...},
 * where {@code <lock>} is {@code FOR UPDATE SKIP LOCKED} on PostgreSQL (a concurrent claimer skips the row being
 * leased and takes the next) and nothing on SQLite (where claims run one at a time).
 *
 * <p>The lease holder is the worker named in the row: {@link #complete} and {@link #retryAt} succeed for it even after
 * its lease ran out, as long as no other worker has claimed the item since. Worker names must therefore be unique
 * among live workers (e.g. host and a random suffix).
 *
 * <p>All methods throw {@link StoreException} when the database fails; {@link #enqueue} throws
 * {@link UnknownAccountException} when the sender is not an account here; {@link #claim} throws
 * {@link IllegalArgumentException} unless the lease is positive.
 */
final class SqlQueueStore implements QueueStore {
    private static final String COLUMNS = "id, sender, message_id, recipient, envelope_json, summary_ciphertext,"
            + " body_blob, size_bytes, attempts, not_before_us, first_queued_at_us, last_error, gave_up_reason";

    private final Transactions tx;

    SqlQueueStore(Transactions tx) {
        this.tx = tx;
    }

    /** The given {@code id} is ignored; a new item gets one from the store. */
    @Override
    public QueuedDelivery enqueue(QueuedDelivery d) {
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO queue (sender, message_id, recipient,"
                    + " envelope_json, summary_ciphertext, body_blob, size_bytes, attempts, not_before_us,"
                    + " first_queued_at_us, last_error, gave_up_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (sender, message_id) DO NOTHING")) {
                s.setString(1, d.sender().hex());
                s.setString(2, d.messageId().toString());
                s.setString(3, d.recipient().hex());
                s.setBytes(4, d.envelopeJson());
                s.setBytes(5, d.summaryCiphertext());
                s.setString(6, d.bodyBlob());
                s.setLong(7, d.sizeBytes());
                s.setInt(8, d.attempts());
                s.setLong(9, Columns.micros(d.notBefore()));
                s.setLong(10, Columns.micros(d.firstQueuedAt()));
                s.setString(11, d.lastError());
                s.setString(12, d.gaveUpReason());
                s.executeUpdate();
            }
            return stored(c, d);
        });
    }

    @Override
    public Optional<QueuedDelivery> claim(String worker, Instant now, Duration lease) {
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("a lease must be positive");
        }
        long nowMicros = Columns.micros(now);
        long until = Columns.micros(now.plus(lease));
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE queue SET lease_owner = ?, lease_until_us = ?"
                    + " WHERE id = (SELECT id FROM queue WHERE not_before_us <= ?"
                    + " AND (lease_until_us IS NULL OR lease_until_us <= ?)"
                    + " ORDER BY not_before_us, id LIMIT 1" + tx.dialect().lockRowSkipLocked() + ")"
                    + " RETURNING " + COLUMNS)) {
                s.setString(1, worker);
                s.setLong(2, until);
                s.setLong(3, nowMicros);
                s.setLong(4, nowMicros);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(delivery(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean complete(long id, String worker) {
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM queue WHERE id = ? AND lease_owner = ?")) {
                s.setLong(1, id);
                s.setString(2, worker);
                return s.executeUpdate() == 1;
            }
        });
    }

    /** Also counts the failed try ({@code attempts + 1}). */
    @Override
    public boolean retryAt(long id, String worker, Instant notBefore, String lastError) {
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE queue SET lease_owner = NULL, lease_until_us = NULL,"
                    + " not_before_us = ?, last_error = ?, attempts = attempts + 1 WHERE id = ? AND lease_owner = ?")) {
                s.setLong(1, Columns.micros(notBefore));
                s.setString(2, lastError);
                s.setLong(3, id);
                s.setString(4, worker);
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean gaveUp(long id, String worker, Instant notBefore, String reason) {
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE queue SET lease_owner = NULL, lease_until_us = NULL,"
                    + " not_before_us = ?, last_error = ?, gave_up_reason = ?, attempts = attempts + 1"
                    + " WHERE id = ? AND lease_owner = ?")) {
                s.setLong(1, Columns.micros(notBefore));
                s.setString(2, reason);
                s.setString(3, reason);
                s.setLong(4, id);
                s.setString(5, worker);
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public java.util.List<String> blobsOf(org.mailv2.protocol.digest.Sha256 sender) {
        return tx.read(c -> Columns.strings(c, "SELECT body_blob FROM queue WHERE sender = ?", sender.hex()));
    }

    @Override
    public long queuedBytes(org.mailv2.protocol.digest.Sha256 sender) {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT COALESCE(SUM(size_bytes), 0) FROM queue WHERE sender = ?")) {
                s.setString(1, sender.hex());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public long size() {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM queue");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public java.util.List<QueuedDelivery> all() {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM queue ORDER BY id");
                 ResultSet rs = s.executeQuery()) {
                java.util.List<QueuedDelivery> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(delivery(rs));
                }
                return out;
            }
        });
    }

    @Override
    public Optional<QueuedDelivery> find(long id) {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM queue WHERE id = ?")) {
                s.setLong(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(delivery(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<Instant> oldestQueuedAt() {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT MIN(first_queued_at_us) FROM queue");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                long micros = rs.getLong(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(Columns.instant(micros));
            }
        });
    }

    @Override
    public boolean dueAt(long id, Instant now) {
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE queue SET not_before_us = ? WHERE id = ?")) {
                s.setLong(1, Columns.micros(now));
                s.setLong(2, id);
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<QueuedDelivery> remove(long id, Instant now) {
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM queue WHERE id = ?"
                    + " AND (lease_until_us IS NULL OR lease_until_us <= ?) RETURNING " + COLUMNS)) {
                s.setLong(1, id);
                s.setLong(2, Columns.micros(now));
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(delivery(rs)) : Optional.empty();
                }
            }
        });
    }

    private static QueuedDelivery stored(Connection c, QueuedDelivery d) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM queue"
                + " WHERE sender = ? AND message_id = ?")) {
            s.setString(1, d.sender().hex());
            s.setString(2, d.messageId().toString());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("queued delivery vanished between insert and read");
                }
                return delivery(rs);
            }
        }
    }

    private static QueuedDelivery delivery(ResultSet rs) throws SQLException {
        return new QueuedDelivery(rs.getLong("id"), Columns.sha256(rs, "sender"), Columns.uuid(rs, "message_id"),
                Columns.sha256(rs, "recipient"), rs.getBytes("envelope_json"), rs.getBytes("summary_ciphertext"),
                rs.getString("body_blob"), rs.getLong("size_bytes"), rs.getInt("attempts"), Columns.instant(rs.getLong("not_before_us")),
                Columns.instant(rs.getLong("first_queued_at_us")), rs.getString("last_error"),
                rs.getString("gave_up_reason"));
    }
}
