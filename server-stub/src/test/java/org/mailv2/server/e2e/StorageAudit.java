package org.mailv2.server.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.mailv2.server.store.sql.SqlDatabase;

/**
 * Compares, from outside a server and read-only, its blob folder with the rows that name blobs (messages and relay
 * queue): what a crash could leave inconsistent. The server may be running in another process.
 */
final class StorageAudit {
    private static final String BLOB_NAME = "[0-9a-f]{32}";
    private static final String STAGING_PREFIX = ".staging-";

    private interface Connections {
        Connection open() throws SQLException;
    }

    /** What the audit found. */
    record Report(int messageRows, int queueRows, List<String> rowsWithoutBlob, List<String> blobsOfWrongSize,
                  List<String> duplicateRows, Set<String> orphanBlobs, int stagingFiles) {
        @Override
        public String toString() {
            return messageRows + " message rows, " + queueRows + " queue rows, " + rowsWithoutBlob.size()
                    + " rows without blob, " + blobsOfWrongSize.size() + " blobs of the wrong size, "
                    + duplicateRows.size() + " duplicate rows, " + orphanBlobs.size() + " blob files no row names, "
                    + stagingFiles + " staging files left";
        }
    }

    private final Connections connections;
    private final Path blobs;

    private StorageAudit(Connections connections, Path blobs) {
        this.connections = connections;
        this.blobs = blobs;
    }

    /** The SQLite server whose data directory is {@code dataDir}, opened read-only. */
    static StorageAudit sqlite(Path dataDir) {
        String url = "jdbc:sqlite:" + dataDir.resolve(SqlDatabase.SQLITE_FILE).toAbsolutePath();
        Properties readOnly = new Properties();
        readOnly.setProperty("open_mode", "1");
        return new StorageAudit(() -> DriverManager.getConnection(url, readOnly), dataDir.resolve("blobs"));
    }

    /** A server on PostgreSQL; its blobs are still files in {@code dataDir}. */
    static StorageAudit postgres(DataSource database, Path dataDir) {
        return new StorageAudit(() -> {
            Connection c = database.getConnection();
            c.setReadOnly(true);
            return c;
        }, dataDir.resolve("blobs"));
    }

    Report run() throws SQLException, IOException {
        Map<String, Long> named = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        int messages;
        int queue;
        try (Connection c = connections.open()) {
            messages = collect(c, "SELECT body_blob, body_size FROM messages", named, duplicates);
            queue = collect(c, "SELECT body_blob, -1 FROM queue", named, duplicates);
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT account, message_id FROM messages GROUP BY account, message_id HAVING COUNT(*) > 1");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    duplicates.add(rs.getString(1) + "/" + rs.getString(2));
                }
            }
        }
        Set<String> files = new HashSet<>();
        int staging = 0;
        try (Stream<Path> listing = Files.list(blobs)) {
            for (Path p : listing.toList()) {
                String name = p.getFileName().toString();
                if (name.matches(BLOB_NAME)) {
                    files.add(name);
                } else if (name.startsWith(STAGING_PREFIX)) {
                    staging++;
                }
            }
        }
        List<String> missing = new ArrayList<>();
        List<String> wrongSize = new ArrayList<>();
        for (Map.Entry<String, Long> row : named.entrySet()) {
            if (!files.contains(row.getKey())) {
                missing.add(row.getKey());
            } else if (row.getValue() >= 0 && Files.size(blobs.resolve(row.getKey())) != row.getValue()) {
                wrongSize.add(row.getKey());
            }
        }
        Set<String> orphans = new HashSet<>(files);
        orphans.removeAll(named.keySet());
        return new Report(messages, queue, missing, wrongSize, duplicates, orphans, staging);
    }

    /** Collects blob name and size (-1: not recorded) of each row; a blob named by two rows is a duplicate too. */
    private static int collect(Connection c, String sql, Map<String, Long> named, List<String> duplicates)
            throws SQLException {
        int rows = 0;
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows++;
                if (named.put(rs.getString(1), rs.getLong(2)) != null) {
                    duplicates.add("blob " + rs.getString(1));
                }
            }
        }
        return rows;
    }
}
