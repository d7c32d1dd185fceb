package org.mailv2.server.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.server.store.MessageStore;
import org.mailv2.server.store.StoreException;
import org.mailv2.server.store.StoredMessage;
import org.mailv2.server.store.UnknownAccountException;

/**
 * Mailboxes in table {@code messages}.
 *
 * <p><b>The cursor.</b> {@code seq} comes from an AUTOINCREMENT key (SQLite) or an identity sequence (PostgreSQL), so
 * it only grows across the database and is never handed out twice; numbers lost to rollbacks or to conflicting
 * inserts leave gaps. A listing cursor must also never pass over a message that commits later with a smaller number.
 * SQLite has that for free (one writer at a time, so numbers are taken in commit order). On PostgreSQL, two inserts
 * into one account could take 10 and 11 and commit 11 first; a reader who saw 11 would skip 10 forever. So
 * {@link #insert} first locks the account's row ({@code SELECT ... FOR NO KEY UPDATE}) and only then takes its number:
 * inserts into one account take turns until commit, and one account's numbers become visible in order. Inserts into
 * different accounts still run in parallel; the price is that a long transaction that inserted a message holds up
 * the next insert into that account until it commits.
 *
 * <p>All methods throw {@link StoreException} when the database fails; {@link #insert} throws
 * {@link UnknownAccountException} when the account is not hosted here; {@link #list} throws
 * {@link IllegalArgumentException} unless {@code limit} is positive.
 */
final class SqlMessageStore implements MessageStore {
    private static final String COLUMNS = "seq, account, message_id, box, flags, envelope_json, summary_ciphertext,"
            + " summary_sha256, body_blob, body_size, body_sha256, received_at_us";

    private final Transactions tx;

    SqlMessageStore(Transactions tx) {
        this.tx = tx;
    }

    /** The message's {@code sequence} is ignored; the store assigns one to a NEW message. */
    @Override
    public Insert insert(StoredMessage message) {
        return tx.write(c -> {
            lockAccount(c, message.account());
            if (insertRow(c, message)) {
                addStoredBytes(c, message.account(), storedBytes(message));
                touch(c, message.account(), message.messageId());
                forgetTombstone(c, message.account(), message.messageId());
                return Insert.NEW;
            }
            return sameContent(c, message) ? Insert.DUPLICATE : Insert.CONFLICT;
        });
    }

    @Override
    public List<StoredMessage> list(Sha256 account, String box, long afterSequence, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM messages"
                    + " WHERE account = ? AND box = ? AND seq > ? ORDER BY seq LIMIT ?")) {
                s.setString(1, account.hex());
                s.setString(2, box);
                s.setLong(3, afterSequence);
                s.setInt(4, limit);
                try (ResultSet rs = s.executeQuery()) {
                    List<StoredMessage> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(message(rs));
                    }
                    return out;
                }
            }
        });
    }

    @Override
    public Optional<StoredMessage> get(Sha256 account, UUID messageId) {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM messages"
                    + " WHERE account = ? AND message_id = ?")) {
                s.setString(1, account.hex());
                s.setString(2, messageId.toString());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(message(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean setFlags(Sha256 account, UUID messageId, Set<StoredMessage.Flag> flags) {
        int bits = FlagBits.of(flags);
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE messages SET flags = ? WHERE account = ? AND message_id = ?")) {
                s.setInt(1, bits);
                s.setString(2, account.hex());
                s.setString(3, messageId.toString());
                if (s.executeUpdate() != 1) {
                    return false;
                }
            }
            touch(c, account, messageId);
            return true;
        });
    }

    /** Moving keeps the message's sequence: the cursor orders arrivals, not moves. */
    @Override
    public boolean move(Sha256 account, UUID messageId, String box) {
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE messages SET box = ? WHERE account = ? AND message_id = ?")) {
                s.setString(1, box);
                s.setString(2, account.hex());
                s.setString(3, messageId.toString());
                if (s.executeUpdate() != 1) {
                    return false;
                }
            }
            touch(c, account, messageId);
            return true;
        });
    }

    @Override
    public Optional<StoredMessage> delete(Sha256 account, UUID messageId) {
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM messages WHERE account = ? AND message_id = ?"
                    + " RETURNING " + COLUMNS)) {
                s.setString(1, account.hex());
                s.setString(2, messageId.toString());
                Optional<StoredMessage> deleted;
                try (ResultSet rs = s.executeQuery()) {
                    deleted = rs.next() ? Optional.of(message(rs)) : Optional.empty();
                }
                if (deleted.isPresent()) {
                    addStoredBytes(c, account, -storedBytes(deleted.get()));
                    long modseq = bump(c, account);
                    try (PreparedStatement t = c.prepareStatement("INSERT INTO message_tombstones (account,"
                            + " message_id, modseq) VALUES (?, ?, ?) ON CONFLICT (account, message_id)"
                            + " DO UPDATE SET modseq = excluded.modseq")) {
                        t.setString(1, account.hex());
                        t.setString(2, messageId.toString());
                        t.setLong(3, modseq);
                        t.executeUpdate();
                    }
                }
                return deleted;
            }
        });
    }

    @Override
    public Changes changesSince(Sha256 account, long since, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        return tx.read(c -> {
            long state;
            try (PreparedStatement s = c.prepareStatement("SELECT modseq FROM accounts WHERE address_hash = ?")) {
                s.setString(1, account.hex());
                try (ResultSet rs = s.executeQuery()) {
                    state = rs.next() ? rs.getLong(1) : 0;
                }
            }
            List<Change> changes = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT message_id, seq, box, flags, modseq, 0 AS gone"
                    + " FROM messages WHERE account = ? AND modseq > ? AND modseq <= ?"
                    + " UNION ALL SELECT message_id, 0, '', 0, modseq, 1 FROM message_tombstones"
                    + " WHERE account = ? AND modseq > ? AND modseq <= ? ORDER BY modseq LIMIT ?")) {
                for (int branch = 0; branch < 2; branch++) {
                    s.setString(branch * 3 + 1, account.hex());
                    s.setLong(branch * 3 + 2, since);
                    s.setLong(branch * 3 + 3, state);
                }
                s.setInt(7, limit + 1);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        boolean gone = rs.getInt(6) == 1;
                        changes.add(new Change(Columns.uuid(rs, "message_id"), rs.getLong(2), gone ? null
                                : rs.getString(3), gone ? Set.of() : FlagBits.flags(rs.getInt(4)), rs.getLong(5),
                                gone));
                    }
                }
            }
            boolean more = changes.size() > limit;
            if (more) {
                changes = changes.subList(0, limit);
            }
            return new Changes(List.copyOf(changes), more ? changes.get(changes.size() - 1).modseq() : state, more);
        });
    }

    /** The account's next modification sequence, given to the message's last change. */
    private static void touch(Connection c, Sha256 account, UUID messageId) throws SQLException {
        long modseq = bump(c, account);
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE messages SET modseq = ? WHERE account = ? AND message_id = ?")) {
            s.setLong(1, modseq);
            s.setString(2, account.hex());
            s.setString(3, messageId.toString());
            s.executeUpdate();
        }
    }

    /** Takes the account's next modification sequence; the row lock makes one account's changes take turns. */
    private static long bump(Connection c, Sha256 account) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE accounts SET modseq = modseq + 1 WHERE address_hash = ? RETURNING modseq")) {
            s.setString(1, account.hex());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new UnknownAccountException("no such account hosted here");
                }
                return rs.getLong(1);
            }
        }
    }

    private static void forgetTombstone(Connection c, Sha256 account, UUID messageId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "DELETE FROM message_tombstones WHERE account = ? AND message_id = ?")) {
            s.setString(1, account.hex());
            s.setString(2, messageId.toString());
            s.executeUpdate();
        }
    }

    @Override
    public java.util.List<String> blobsOf(Sha256 account) {
        return tx.read(c -> Columns.strings(c, "SELECT body_blob FROM messages WHERE account = ?", account.hex()));
    }

    /** The account's running total, kept by {@link #insert} and {@link #delete} in their own transactions. */
    @Override
    public long usedBytes(Sha256 account) {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT stored_bytes FROM accounts WHERE address_hash = ?")) {
                s.setString(1, account.hex());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0;
                }
            }
        });
    }

    /** What a message counts against its account's quota: the same sum schema version 12 started the totals with. */
    private static long storedBytes(StoredMessage m) {
        return m.summaryCiphertext().length + m.bodySize();
    }

    private static void addStoredBytes(Connection c, Sha256 account, long delta) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE accounts SET stored_bytes = stored_bytes + ? WHERE address_hash = ?")) {
            s.setLong(1, delta);
            s.setString(2, account.hex());
            if (s.executeUpdate() != 1) {
                throw new UnknownAccountException("no such account hosted here");
            }
        }
    }

    @Override
    public long lastSequence() {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM messages");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** A range read of the sequence's primary key. */
    @Override
    public Map<Sha256, Long> newestInboxAfter(long afterSequence) {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT account, MAX(seq) FROM messages"
                    + " WHERE seq > ? AND box = 'inbox' GROUP BY account")) {
                s.setLong(1, afterSequence);
                Map<Sha256, Long> newest = new HashMap<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        newest.put(Sha256.parseHex(rs.getString(1)), rs.getLong(2));
                    }
                }
                return newest;
            }
        });
    }

    /** Boxes in name order; a box exists while it holds a message. */
    @Override
    public List<BoxCount> boxes(Sha256 account) {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT box, COUNT(*),"
                    + " SUM(CASE WHEN (flags & " + FlagBits.SEEN + ") = 0 THEN 1 ELSE 0 END)"
                    + " FROM messages WHERE account = ? GROUP BY box ORDER BY box")) {
                s.setString(1, account.hex());
                try (ResultSet rs = s.executeQuery()) {
                    List<BoxCount> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new BoxCount(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                    }
                    return out;
                }
            }
        });
    }

    private void lockAccount(Connection c, Sha256 account) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT address_hash FROM accounts WHERE address_hash = ?" + tx.dialect().lockRow())) {
            s.setString(1, account.hex());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new UnknownAccountException("no such account hosted here");
                }
            }
        }
    }

    /** @return true when the row was inserted, false when (account, message id) exists already */
    private static boolean insertRow(Connection c, StoredMessage m) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO messages (account, message_id, box, flags,"
                + " envelope_json, summary_ciphertext, summary_size, summary_sha256, body_blob, body_size,"
                + " body_sha256, received_at_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (account, message_id) DO NOTHING")) {
            byte[] summary = m.summaryCiphertext();
            s.setString(1, m.account().hex());
            s.setString(2, m.messageId().toString());
            s.setString(3, m.box());
            s.setInt(4, FlagBits.of(m.flags()));
            s.setBytes(5, m.envelopeJson());
            s.setBytes(6, summary);
            s.setLong(7, summary.length);
            s.setString(8, m.summarySha256().hex());
            s.setString(9, m.bodyBlob());
            s.setLong(10, m.bodySize());
            s.setString(11, m.bodySha256().hex());
            s.setLong(12, Columns.micros(m.receivedAt()));
            return s.executeUpdate() == 1;
        }
    }

    private static boolean sameContent(Connection c, StoredMessage m) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT summary_sha256, body_sha256 FROM messages"
                + " WHERE account = ? AND message_id = ?")) {
            s.setString(1, m.account().hex());
            s.setString(2, m.messageId().toString());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("message vanished between insert and read");
                }
                return m.summarySha256().hex().equals(rs.getString(1)) && m.bodySha256().hex().equals(rs.getString(2));
            }
        }
    }

    private static StoredMessage message(ResultSet rs) throws SQLException {
        return new StoredMessage(Columns.sha256(rs, "account"), Columns.uuid(rs, "message_id"), rs.getLong("seq"),
                rs.getString("box"), FlagBits.flags(rs.getInt("flags")), rs.getBytes("envelope_json"),
                rs.getBytes("summary_ciphertext"), rs.getString("body_blob"), rs.getLong("body_size"),
                Columns.sha256(rs, "body_sha256"), Columns.sha256(rs, "summary_sha256"),
                Columns.instant(rs.getLong("received_at_us")));
    }
}
