package org.mailv2.client.core.cache;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.passphrase.SecretBox;
import org.mailv2.client.core.trust.Trust;
import org.mailv2.protocol.seal.Summary;

/**
 * The local cache of verified summaries (SQLite), so an inbox lists offline and without public-key work. What the
 * server sees anyway (ids, sequence, box, flags) is stored plain for ordering; each summary is AES-256-GCM under the
 * cache key from the vault, bound to its account and message id, so rows cannot be swapped.
 */
public final class SummaryCache implements AutoCloseable {
    /**
     * One cached message: the verified summary (or, for a message that failed verification, the stable code of
     * the failure, so it is shown as such), what the client knows of its sender ({@link Trust}) and the key id that
     * signed it, and what the server says of it.
     */
    public record Entry(String messageId, long sequence, String box, Set<String> flags, Summary summary,
                        String problem, Trust trust, String keyId) {
        public Entry {
            if (trust == null) {
                trust = summary != null ? Trust.PINNED : Trust.FAILED;
            }
        }

        /** An entry whose trust follows from whether it has a summary (for fixtures and benchmarks). */
        public Entry(String messageId, long sequence, String box, Set<String> flags, Summary summary,
                     String problem) {
            this(messageId, sequence, box, flags, summary, problem, null, null);
        }

        /** Whether the signature verified against a pinned key: only then is the summary shown as the sender's. */
        public boolean verified() {
            return summary != null && trust.signatureVerified();
        }
    }

    /**
     * The rule rows are checked under. Rows written under an older rule (before senders were checked against pinned
     * keys) show as {@link Trust#UNCHECKED} and are fetched and checked again by the next sync.
     */
    static final int TRUST_RULE = 2;

    /** What is sealed in a row. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Sealed(Summary summary, String problem, String trust, String keyId) {
    }

    private final Connection db;
    private final byte[] key;
    private final SecretBox box;

    /** @throws CacheException when the database cannot be opened */
    public SummaryCache(Path file, byte[] key, SecureRandom random) {
        this.key = key.clone();
        this.box = new SecretBox(random);
        try {
            SqliteLibrary.preferCopyIn(file.toAbsolutePath().getParent());
            // Not DriverManager: it would load every JDBC driver on the class path first (PostgreSQL's, for local mode).
            this.db = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + file.toAbsolutePath(), new Properties());
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("CREATE TABLE IF NOT EXISTS summaries (account TEXT NOT NULL, message_id TEXT NOT NULL,"
                        + " seq INTEGER NOT NULL, box TEXT NOT NULL, flags TEXT NOT NULL, sealed BLOB NOT NULL,"
                        + " PRIMARY KEY (account, message_id)) STRICT");
                s.execute("CREATE INDEX IF NOT EXISTS summaries_by_box ON summaries (account, box, seq)");
                if (!hasColumn(s, "thread")) {
                    s.execute("ALTER TABLE summaries ADD COLUMN thread TEXT");
                }
                if (!hasColumn(s, "rule")) {
                    // Rows cached before this rule are checked again by the next sync (see TRUST_RULE).
                    s.execute("ALTER TABLE summaries ADD COLUMN rule INTEGER NOT NULL DEFAULT 1");
                    s.execute("ALTER TABLE summaries ADD COLUMN recheck TEXT");
                }
                s.execute("CREATE INDEX IF NOT EXISTS summaries_recheck ON summaries (account, recheck)"
                        + " WHERE recheck IS NOT NULL");
                s.execute("CREATE INDEX IF NOT EXISTS summaries_by_thread ON summaries (account, thread, seq)");
                // Unread counts for the sidebar cost the unread rows, not the whole box.
                s.execute("CREATE INDEX IF NOT EXISTS summaries_unread ON summaries (account, box)"
                        + " WHERE instr(flags, 'seen') = 0");
                // Where each account's change log was followed to (a cache from before it has none: it begins).
                s.execute("CREATE TABLE IF NOT EXISTS change_state (account TEXT NOT NULL PRIMARY KEY,"
                        + " state INTEGER NOT NULL) STRICT");
                // How far each box's listing was read (rows moved or fetched into a box do not say so). A cache
                // from before takes its highest sequence per box, as its cursor was until then.
                if (!hasTable(s, "box_cursors")) {
                    s.execute("CREATE TABLE box_cursors (account TEXT NOT NULL, box TEXT NOT NULL,"
                            + " listed INTEGER NOT NULL, PRIMARY KEY (account, box)) STRICT");
                    s.execute("INSERT INTO box_cursors (account, box, listed) SELECT account, box, MAX(seq)"
                            + " FROM summaries GROUP BY account, box");
                }
            }
            backfillThreads();
        } catch (SQLException e) {
            throw new CacheException("cannot open the summary cache", e);
        }
    }

    /** Work on the cache that may fail with a checked exception. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * Runs {@code work} (this cache's methods, on this thread) as one transaction: all its writes or none. A sync
     * writes a page of summaries and the box's cursor so; one commit per row made a first sync of 100,000 messages
     * wait for 100,000 commits. A transaction already open takes the work in.
     *
     * @throws E what {@code work} threw (nothing of it is kept)
     */
    public synchronized <T, E extends Exception> T inOneTransaction(Work<T, E> work) throws E {
        try {
            if (!db.getAutoCommit()) {
                return work.run();
            }
            db.setAutoCommit(false);
        } catch (SQLException e) {
            throw new CacheException("cache transaction failed", e);
        }
        boolean committed = false;
        try {
            T result = work.run();
            db.commit();
            committed = true;
            return result;
        } catch (SQLException e) {
            throw new CacheException("cache write failed", e);
        } finally {
            try {
                if (!committed) {
                    db.rollback();
                }
                db.setAutoCommit(true);
            } catch (SQLException e) {
                if (committed) {
                    throw new CacheException("cache transaction failed", e);
                }
            }
        }
    }

    /** Remembers that the server's listing of a box was read up to {@code listed}. */
    public synchronized void listed(Sha256 account, String boxName, long listed) {
        try (PreparedStatement s = db.prepareStatement("INSERT INTO box_cursors (account, box, listed) VALUES (?, ?, ?)"
                + " ON CONFLICT (account, box) DO UPDATE SET listed = MAX(listed, excluded.listed)")) {
            s.setString(1, account.hex());
            s.setString(2, boxName);
            s.setLong(3, listed);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new CacheException("cache write failed", e);
        }
    }

    /** The account's change-log state this cache reached, or -1 when it never followed the log. */
    public synchronized long changeState(Sha256 account) {
        try (PreparedStatement s = db.prepareStatement("SELECT state FROM change_state WHERE account = ?")) {
            s.setString(1, account.hex());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        } catch (SQLException e) {
            throw new CacheException("cache read failed", e);
        }
    }

    public synchronized void setChangeState(Sha256 account, long state) {
        try (PreparedStatement s = db.prepareStatement("INSERT INTO change_state (account, state) VALUES (?, ?)"
                + " ON CONFLICT (account) DO UPDATE SET state = excluded.state")) {
            s.setString(1, account.hex());
            s.setLong(2, state);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new CacheException("cache write failed", e);
        }
    }

    /**
     * Drops every row of {@code account}, with where its listings and its change log stood (it moved servers: its
     * sequences and its change log start afresh there).
     */
    public synchronized void forget(Sha256 account) {
        try {
            for (String table : List.of("summaries", "box_cursors", "change_state")) {
                try (PreparedStatement s = db.prepareStatement("DELETE FROM " + table + " WHERE account = ?")) {
                    s.setString(1, account.hex());
                    s.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new CacheException("cannot drop the cached summaries", e);
        }
    }

    /**
     * Where the next listing of a box starts: before the oldest row cached under an older trust rule (checked again),
     * else where the last listing of the box reached. Rows that came into the box otherwise — a move, a message
     * fetched from the change log — do not move it, so an older message the box holds at the server is still listed;
     * a box never listed starts from the beginning.
     */
    public synchronized long cursor(Sha256 account, String boxName) {
        try (PreparedStatement s = db.prepareStatement(
                "SELECT COALESCE(MIN(seq) - 1, (SELECT listed FROM box_cursors WHERE account = ?1 AND box = ?2), 0)"
                        + " FROM summaries WHERE account = ?1 AND box = ?2 AND rule < " + TRUST_RULE)) {
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

    /**
     * Caches an entry (replacing the row of the same message). {@code sender} is the envelope's sender hash: for an
     * entry waiting on a key decision it tags the row, so accepting that sender's key finds it again.
     */
    public synchronized void put(Sha256 account, Entry entry, Sha256 sender) {
        byte[] sealed = box.seal(key, Json.write(new Sealed(entry.summary(), entry.problem(), entry.trust().wire(),
                entry.keyId())), binding(account, entry.messageId()));
        try (PreparedStatement s = db.prepareStatement("INSERT INTO summaries (account, message_id, seq, box, flags,"
                + " sealed, thread, rule, recheck) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account, message_id)"
                + " DO UPDATE SET seq = excluded.seq, box = excluded.box, flags = excluded.flags,"
                + " sealed = excluded.sealed, thread = excluded.thread, rule = excluded.rule,"
                + " recheck = excluded.recheck")) {
            s.setString(1, account.hex());
            s.setString(2, entry.messageId());
            s.setLong(3, entry.sequence());
            s.setString(4, entry.box());
            s.setString(5, String.join(",", new java.util.TreeSet<>(entry.flags())));
            s.setBytes(6, sealed);
            s.setString(7, threadTag(account, entry));
            s.setInt(8, TRUST_RULE);
            s.setString(9, entry.trust() == Trust.KEY_CHANGED && sender != null ? senderTag(account, sender) : null);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new CacheException("cache write failed", e);
        }
    }

    public void put(Sha256 account, Entry entry) {
        put(account, entry, null);
    }

    /** Whether the cache holds this message under the current rule (a later sync need not tell of it as new). */
    public synchronized boolean holds(Sha256 account, String messageId) {
        return queryInt("SELECT COUNT(*) FROM summaries WHERE account = ? AND message_id = ?", account, messageId) > 0;
    }

    /** The ids of messages from {@code sender} that wait on a decision about its key. */
    public synchronized List<String> awaitingKey(Sha256 account, Sha256 sender) {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement(
                "SELECT message_id FROM summaries WHERE account = ? AND recheck = ?")) {
            s.setString(1, account.hex());
            s.setString(2, senderTag(account, sender));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new CacheException("cache read failed", e);
        }
        return ids;
    }

    /** A box's cached messages, newest first. */
    public synchronized List<Entry> list(Sha256 account, String boxName, int limit) {
        return entries("SELECT message_id, seq, box, flags, sealed, rule FROM summaries WHERE account = ? AND box = ?"
                + " ORDER BY seq DESC LIMIT ?", account, boxName, limit);
    }

    /** Records a move or a flag change made at the server (the row keeps its sequence, as the server does). */
    public synchronized void relabel(Sha256 account, String messageId, String boxName, Set<String> flags) {
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

    public synchronized void remove(Sha256 account, String messageId) {
        try (PreparedStatement s = db.prepareStatement("DELETE FROM summaries WHERE account = ? AND message_id = ?")) {
            s.setString(1, account.hex());
            s.setString(2, messageId);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new CacheException("cache write failed", e);
        }
    }

    /** How many messages a box holds in the cache. */
    public synchronized int count(Sha256 account, String boxName) {
        return queryInt("SELECT COUNT(*) FROM summaries WHERE account = ? AND box = ?", account, boxName);
    }

    /** How many of a box's cached messages are not flagged {@code seen}. */
    public synchronized int unread(Sha256 account, String boxName) {
        return queryInt("SELECT COUNT(*) FROM summaries WHERE account = ? AND box = ? AND instr(flags, 'seen') = 0",
                account, boxName);
    }

    /** The boxes the cache knows for an account, by name. */
    public synchronized List<String> boxes(Sha256 account) {
        List<String> names = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement(
                "SELECT DISTINCT box FROM summaries WHERE account = ? ORDER BY box")) {
            s.setString(1, account.hex());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new CacheException("cache read failed", e);
        }
        return names;
    }

    /**
     * One window of a box, newest first: what a scrolling list asks for, so a box of any size costs only the rows on
     * screen.
     */
    public synchronized List<Entry> page(Sha256 account, String boxName, int offset, int limit) {
        return entries("SELECT message_id, seq, box, flags, sealed, rule FROM summaries WHERE account = ? AND box = ?"
                + " ORDER BY seq DESC LIMIT ? OFFSET ?", account, boxName, limit, offset);
    }

    /** A cached message by id, or null. */
    public synchronized Entry get(Sha256 account, String messageId) {
        List<Entry> found = entries("SELECT message_id, seq, box, flags, sealed, rule FROM summaries WHERE account = ?"
                + " AND message_id = ?", account, messageId);
        return found.isEmpty() ? null : found.get(0);
    }

    /** A conversation: the threads of a box, most recently active first. */
    public record Conversation(String tag, List<Entry> messages) {
        public Entry latest() {
            return messages.get(messages.size() - 1);
        }
    }

    /** How many conversations a box holds. */
    public synchronized int threadCount(Sha256 account, String boxName) {
        return queryInt("SELECT COUNT(DISTINCT thread) FROM summaries WHERE account = ? AND box = ?", account,
                boxName);
    }

    /**
     * One window of a box's conversations, most recently active first; each lists its messages oldest first from
     * every box but the trash, so the reply one sent shows next to the message it answers.
     */
    public synchronized List<Conversation> threads(Sha256 account, String boxName, int offset, int limit) {
        List<String> tags = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("SELECT thread, MAX(seq) AS last FROM summaries"
                + " WHERE account = ? AND box = ? GROUP BY thread ORDER BY last DESC LIMIT ? OFFSET ?")) {
            s.setString(1, account.hex());
            s.setString(2, boxName);
            s.setInt(3, limit);
            s.setInt(4, offset);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    tags.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new CacheException("cache read failed", e);
        }
        List<Conversation> threads = new ArrayList<>();
        for (String tag : tags) {
            threads.add(new Conversation(tag, entries("SELECT message_id, seq, box, flags, sealed, rule FROM summaries"
                    + " WHERE account = ? AND thread = ? AND box <> 'trash' ORDER BY seq", account, tag)));
        }
        return threads;
    }

    /**
     * Every message of a box that {@code keep} accepts, newest first. Summaries are encrypted, so searching them
     * means opening each; the lock is let go between batches so a long search does not stall the list.
     */
    public List<Entry> search(Sha256 account, String boxName, java.util.function.Predicate<Entry> keep,
                              java.util.function.IntConsumer progress) {
        List<Entry> found = new ArrayList<>();
        int offset = 0;
        while (true) {
            List<Entry> batch = page(account, boxName, offset, 1000);
            for (Entry e : batch) {
                if (keep.test(e)) {
                    found.add(e);
                }
            }
            offset += batch.size();
            progress.accept(offset);
            if (batch.size() < 1000 || Thread.currentThread().isInterrupted()) {
                return found;
            }
        }
    }

    private List<Entry> entries(String sql, Object... parameters) {
        List<Entry> entries = new ArrayList<>();
        Sha256 account = (Sha256) parameters[0];
        try (PreparedStatement s = db.prepareStatement(sql)) {
            bind(s, parameters);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    entries.add(readRow(account, rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getBytes(5), rs.getInt(6)));
                }
            }
        } catch (SQLException e) {
            throw new CacheException("cache read failed", e);
        }
        return entries;
    }

    /**
     * One row as an entry. The sealed column must open under this cache's key, bound to the account and message id,
     * and hold a {@link Sealed} document; a trust word this client does not know (a newer client wrote the row) reads
     * as {@link Trust#UNCHECKED}, so the next sync checks the message again.
     *
     * @throws ProtocolException {@code decryption_failed} when the row does not open (a damaged or changed file,
     *     another key, a row moved to another message), {@code malformed} when it opens but does not read
     */
    Entry readRow(Sha256 account, String id, long sequence, String boxName, String flags, byte[] sealedColumn,
                  int rule) {
        Sealed sealed = Json.read(box.open(key, sealedColumn, binding(account, id)), Sealed.class);
        Trust trust = rule < TRUST_RULE || sealed.trust() == null ? Trust.UNCHECKED : trustOf(sealed.trust());
        Set<String> flagSet = flags == null || flags.isEmpty() ? Set.of() : Set.copyOf(List.of(flags.split(",")));
        return new Entry(id, sequence, boxName, flagSet, sealed.summary(), sealed.problem(), trust, sealed.keyId());
    }

    private static Trust trustOf(String wire) {
        try {
            return Trust.fromWire(wire);
        } catch (IllegalArgumentException unknown) {
            return Trust.UNCHECKED;
        }
    }

    private int queryInt(String sql, Object... parameters) {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            bind(s, parameters);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new CacheException("cache read failed", e);
        }
    }

    private static void bind(PreparedStatement s, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object p = parameters[i];
            if (p instanceof Sha256 hash) {
                s.setString(i + 1, hash.hex());
            } else if (p instanceof Integer n) {
                s.setInt(i + 1, n);
            } else {
                s.setString(i + 1, (String) p);
            }
        }
    }

    /**
     * Threads are grouped in SQL, but thread ids are private: the column holds a keyed hash of the id, which says
     * which rows belong together and nothing else.
     */
    private String threadTag(Sha256 account, Entry entry) {
        String thread = entry.summary() != null ? entry.summary().threadId() : "message:" + entry.messageId();
        return tag("mailv2/cache/thread/v1\0" + account.hex() + "\0", thread);
    }

    /** A keyed hash of a sender, so rows waiting on its key are found without storing who wrote. */
    private String senderTag(Sha256 account, Sha256 sender) {
        return tag("mailv2/cache/sender/v1\0" + account.hex() + "\0", sender.hex());
    }

    private String tag(String domain, String value) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            mac.update(domain.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static boolean hasTable(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '" + table
                + "'")) {
            return rs.next();
        }
    }

    private static boolean hasColumn(Statement s, String column) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA table_info(summaries)")) {
            while (rs.next()) {
                if (column.equals(rs.getString("name"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Caches written before threads were grouped get their tags once. */
    private void backfillThreads() throws SQLException {
        List<String[]> missing = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT account, message_id FROM summaries WHERE thread IS NULL")) {
            while (rs.next()) {
                missing.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        for (String[] row : missing) {
            Sha256 account = Sha256.parseHex(row[0]);
            Entry entry = get(account, row[1]);
            try (PreparedStatement s = db.prepareStatement(
                    "UPDATE summaries SET thread = ? WHERE account = ? AND message_id = ?")) {
                s.setString(1, threadTag(account, entry));
                s.setString(2, row[0]);
                s.setString(3, row[1]);
                s.executeUpdate();
            }
        }
    }

    private static byte[] binding(Sha256 account, String messageId) {
        return ("mailv2/cache/v1\0" + account.hex() + "\0" + messageId).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        java.util.Arrays.fill(key, (byte) 0);
        try {
            db.close();
        } catch (SQLException e) {
            throw new CacheException("cache close failed", e);
        }
    }
}
