package org.mailv2.server.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.server.store.sql.SqlDatabase;
import org.sqlite.SQLiteConfig;

/**
 * What a SQLite server holds, seen from outside (read only, while it runs): for every table its row count and a
 * digest of its rows (so an update that keeps the count shows too), and every file in its blob directory (staging
 * files included) with its size. Two snapshots are equal when nothing was stored, changed or left behind.
 */
record StoreSnapshot(Map<String, Table> tables, Map<String, Long> blobFiles) {
    record Table(long rows, String digest) {
        @Override
        public String toString() {
            return rows + " rows (" + digest.substring(0, 12) + ")";
        }
    }

    /** @param dataDir the server's data directory (the SQLite file and {@code blobs/}) */
    static StoreSnapshot of(Path dataDir) throws SQLException, IOException {
        return new StoreSnapshot(tables(dataDir.resolve(SqlDatabase.SQLITE_FILE)), blobFiles(dataDir.resolve("blobs")));
    }

    private static Map<String, Table> tables(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        Map<String, Table> tables = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
             Statement s = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String name : names) {
                tables.put(name, table(s, name));
            }
        }
        return tables;
    }

    private static Table table(Statement s, String name) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + name.replace("\"", "\"\"") + "\"")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    row.append(value instanceof byte[] b ? Sha256.hash(b).hex() : String.valueOf(value))
                            .append('\u0000');
                }
                rows.add(row.toString());
            }
        }
        rows.sort(null);
        MessageDigest digest = Sha256.newDigest();
        rows.forEach(row -> digest.update(row.getBytes(StandardCharsets.UTF_8)));
        return new Table(rows.size(), java.util.HexFormat.of().formatHex(digest.digest()));
    }

    private static Map<String, Long> blobFiles(Path dir) throws IOException {
        Map<String, Long> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.toList()) {
                files.put(p.getFileName().toString(), Files.size(p));
            }
        }
        return files;
    }

    /** The differences from {@code before}, one line each; empty when the store is unchanged. */
    List<String> changesSince(StoreSnapshot before) {
        List<String> changes = new ArrayList<>();
        java.util.Set<String> names = new java.util.TreeSet<>(before.tables.keySet());
        names.addAll(tables.keySet());
        for (String name : names) {
            Table was = before.tables.get(name);
            Table is = tables.get(name);
            if (!java.util.Objects.equals(was, is)) {
                changes.add("table " + name + ": " + was + " -> " + is);
            }
        }
        java.util.Set<String> files = new java.util.TreeSet<>(before.blobFiles.keySet());
        files.addAll(blobFiles.keySet());
        for (String f : files) {
            Long was = before.blobFiles.get(f);
            Long is = blobFiles.get(f);
            if (!java.util.Objects.equals(was, is)) {
                changes.add("blob " + f + ": " + (was == null ? "absent" : was + " bytes") + " -> "
                        + (is == null ? "absent" : is + " bytes"));
            }
        }
        return changes;
    }
}
