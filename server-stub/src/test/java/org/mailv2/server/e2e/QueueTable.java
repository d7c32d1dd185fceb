package org.mailv2.server.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.mailv2.server.store.sql.SqlDatabase;

/**
 * Looks into a server's relay queue table from outside the server, for what no user can see: whether anything is
 * still queued, and how much of it a relay worker has claimed. Its one write, {@link #postpone}, stands in for an
 * hour of backoff that a test cannot wait for.
 */
final class QueueTable {
    private interface Connections {
        Connection open() throws SQLException;
    }

    private final Connections connections;

    private QueueTable(Connections connections) {
        this.connections = connections;
    }

    /** The queue of a SQLite server whose data directory is {@code dataDir}; it may be running in another process. */
    static QueueTable sqlite(Path dataDir) {
        String url = "jdbc:sqlite:" + dataDir.resolve(SqlDatabase.SQLITE_FILE).toAbsolutePath();
        return new QueueTable(() -> DriverManager.getConnection(url));
    }

    static QueueTable postgres(DataSource database) {
        return new QueueTable(database::getConnection);
    }

    /** Items not yet delivered (nor given up). */
    long size() throws SQLException {
        return count("SELECT COUNT(*) FROM queue");
    }

    /** Items a worker has claimed and not yet completed or rescheduled (in flight, or held by a dead worker). */
    long claimed() throws SQLException {
        return count("SELECT COUNT(*) FROM queue WHERE lease_owner IS NOT NULL");
    }

    /** The reason of each queued item's last failed attempt (null for an item not tried yet). */
    java.util.List<String> lastErrors() throws SQLException {
        java.util.List<String> errors = new java.util.ArrayList<>();
        try (Connection c = connections.open();
             PreparedStatement s = c.prepareStatement("SELECT last_error FROM queue ORDER BY id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                errors.add(rs.getString(1));
            }
        }
        return errors;
    }

    /** Makes every queued item due now, as if its backoff were over (the relay polls about once a second). */
    void dueNow() throws SQLException {
        try (Connection c = connections.open();
             PreparedStatement s = c.prepareStatement("UPDATE queue SET not_before_us = ?")) {
            s.setLong(1, java.time.Instant.now().getEpochSecond() * 1_000_000L);
            s.executeUpdate();
        }
    }

    /** The attempts made so far on each queued item. */
    java.util.List<Integer> attempts() throws SQLException {
        java.util.List<Integer> attempts = new java.util.ArrayList<>();
        try (Connection c = connections.open();
             PreparedStatement s = c.prepareStatement("SELECT attempts FROM queue ORDER BY id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                attempts.add(rs.getInt(1));
            }
        }
        return attempts;
    }

    /** Puts the item's next try at {@code until}, as the relay's longest backoff would. */
    void postpone(long id, java.time.Instant until) throws SQLException {
        try (Connection c = connections.open();
             PreparedStatement s = c.prepareStatement("UPDATE queue SET not_before_us = ? WHERE id = ?")) {
            s.setLong(1, until.getEpochSecond() * 1_000_000L);
            s.setLong(2, id);
            if (s.executeUpdate() != 1) {
                throw new SQLException("no queue item " + id);
            }
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = connections.open(); PreparedStatement s = c.prepareStatement(sql);
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
