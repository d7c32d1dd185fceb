package org.mailv2.client.core.cache;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.passphrase.SecretBox;
import org.mailv2.protocol.seal.Summary;

/**
 * The local cache of verified summaries (SQLite), so an inbox lists offline and without public-key work. What the
 * server sees anyway (ids, sequence, box, flags) is stored plain for ordering; each summary is AES-256-GCM under the
 * cache key from the vault, bound to its account and message id, so rows cannot be swapped.
 */
public final class SummaryCache implements AutoCloseable {
    /**
     * One cached message: the verified summary (or, for a message that failed verification, the stable code of
     * the failure, so it is shown as such) and what the server says of it.
     */
    public record Entry(String messageId, long sequence, String box, Set<String> flags, Summary summary,
                        String problem) {
    }

    /** What is sealed in a row. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Sealed(Summary summary, String problem) {
    }

    private final Connection db;
    private final byte[] key;
    private final SecretBox box;

    /** @throws CacheException when the database cannot be opened */
    public SummaryCache(Path file, byte[] key, SecureRandom random) {
        this.key = key.clone();
        this.box = new SecretBox(random);
        try {
            this.db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("CREATE TABLE IF NOT EXISTS summaries (account TEXT NOT NULL, message_id TEXT NOT NULL,"
                        + " seq INTEGER NOT NULL, box TEXT NOT NULL, flags TEXT NOT NULL, sealed BLOB NOT NULL,"
                        + " PRIMARY KEY (account, message_id)) STRICT");
                s.execute("CREATE INDEX IF NOT EXISTS summaries_by_box ON summaries (account, box, seq)");
            }
        } catch (SQLException e) {
            throw new CacheException("cannot open the summary cache", e);
        }
    }

    /** The highest sequence cached for a box: the sync cursor. */
    public long cursor(Sha256 account, String boxName) {
        try (PreparedStatement s = db.prepareStatement(
                "SELECT COALESCE(MAX(seq), 0) FROM summaries WHERE account = ? AND box = ?")) {
            s.setString(1, account.hex());
            s.setString(2, boxName);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new CacheException("cache read failed", e);
        }
    }

    public void put(Sha256 account, Entry entry) {
        byte[] sealed = box.seal(key, Json.write(new Sealed(entry.summary(), entry.problem())),
                binding(account, entry.messageId()));
        try (PreparedStatement s = db.prepareStatement("INSERT INTO summaries (account, message_id, seq, box, flags,"
                + " sealed) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account, message_id) DO UPDATE SET seq = excluded.seq,"
                + " box = excluded.box, flags = excluded.flags, sealed = excluded.sealed")) {
            s.setString(1, account.hex());
            s.setString(2, entry.messageId());
            s.setLong(3, entry.sequence());
            s.setString(4, entry.box());
            s.setString(5, String.join(",", new java.util.TreeSet<>(entry.flags())));
            s.setBytes(6, sealed);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new CacheException("cache write failed", e);
        }
    }

    /** A box's cached messages, newest first. */
    public List<Entry> list(Sha256 account, String boxName, int limit) {
        List<Entry> entries = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("SELECT message_id, seq, box, flags, sealed FROM summaries"
                + " WHERE account = ? AND box = ? ORDER BY seq DESC LIMIT ?")) {
            s.setString(1, account.hex());
            s.setString(2, boxName);
            s.setInt(3, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    Sealed sealed = Json.read(box.open(key, rs.getBytes(5), binding(account, id)), Sealed.class);
                    String flags = rs.getString(4);
                    entries.add(new Entry(id, rs.getLong(2), rs.getString(3),
                            flags.isEmpty() ? Set.of() : Set.of(flags.split(",")), sealed.summary(),
                            sealed.problem()));
                }
            }
        } catch (SQLException e) {
            throw new CacheException("cache read failed", e);
        }
        return entries;
    }

    /** Records a move or a flag change made at the server (the row keeps its sequence, as the server does). */
    public void relabel(Sha256 account, String messageId, String boxName, Set<String> flags) {
        try (PreparedStatement s = db.prepareStatement(
                "UPDATE summaries SET box = ?, flags = ? WHERE account = ? AND message_id = ?")) {
            s.setString(1, boxName);
            s.setString(2, String.join(",", new java.util.TreeSet<>(flags)));
            s.setString(3, account.hex());
            s.setString(4, messageId);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new CacheException("cache write failed", e);
        }
    }

    public void remove(Sha256 account, String messageId) {
        try (PreparedStatement s = db.prepareStatement("DELETE FROM summaries WHERE account = ? AND message_id = ?")) {
            s.setString(1, account.hex());
            s.setString(2, messageId);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new CacheException("cache write failed", e);
        }
    }

    private static byte[] binding(Sha256 account, String messageId) {
        return ("mailv2/cache/v1\0" + account.hex() + "\0" + messageId).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        java.util.Arrays.fill(key, (byte) 0);
        try {
            db.close();
        } catch (SQLException e) {
            throw new CacheException("cache close failed", e);
        }
    }
}
