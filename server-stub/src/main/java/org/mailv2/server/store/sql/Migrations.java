package org.mailv2.server.store.sql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.mailv2.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database's schema up to the version this code knows. Scripts live in
 * {@code db/migration/<dialect>/V<n>__<what>.sql}; version n is {@code SCRIPTS.get(n - 1)}, so adding a migration
 * means adding both dialects' files and one line here. The version is kept in {@code schema_version}; each script
 * runs in its own transaction with its version row, so a failed script leaves the previous version intact.
 *
 * <p>Scripts are split into statements at a {@code ;} that ends a line; lines starting with {@code --} are comments.
 */
final class Migrations {
    static final List<String> SCRIPTS = List.of("V1__init.sql", "V2__lists.sql", "V3__queue_size.sql",
            "V4__queue_gave_up.sql", "V5__permit_admissions.sql", "V6__screener.sql", "V7__operator.sql",
            "V8__key_changes.sql", "V9__account_moves.sql", "V10__recovery.sql", "V11__changes.sql",
            "V12__stored_bytes.sql");

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final String VERSION_TABLE =
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, script TEXT NOT NULL)";

    private Migrations() {
    }

    static int latestVersion() {
        return SCRIPTS.size();
    }

    /**
     * @throws StoreException when the database is newer than this code, a script is missing, or a script fails
     */
    static void apply(DataSource pool, Dialect dialect) {
        apply(pool, dialect, latestVersion());
    }

    /** Migrates only up to {@code version} (tests build databases of an older schema with it). */
    static void apply(DataSource pool, Dialect dialect, int version) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                lock(c, dialect);
                try (Statement s = c.createStatement()) {
                    s.execute(VERSION_TABLE);
                }
                c.commit();
                for (int next = 1; next <= version; next++) {
                    applyOne(c, dialect, next);
                }
                requireKnown(currentVersion(c));
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot migrate the database schema (SQLState " + e.getSQLState() + ")", e);
        }
    }

    private static void applyOne(Connection c, Dialect dialect, int version) throws SQLException {
        lock(c, dialect);
        int current = currentVersion(c);
        requireKnown(current);
        if (current >= version) {
            c.commit();
            return;
        }
        String script = SCRIPTS.get(version - 1);
        try (Statement s = c.createStatement()) {
            for (String sql : statements(read(dialect, script))) {
                s.execute(sql);
            }
        }
        try (var insert = c.prepareStatement("INSERT INTO schema_version (version, script) VALUES (?, ?)")) {
            insert.setInt(1, version);
            insert.setString(2, script);
            insert.executeUpdate();
        }
        c.commit();
        LOG.info("applied schema migration {} ({})", script, dialect.migrationFolder());
    }

    static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void requireKnown(int current) {
        if (current > latestVersion()) {
            throw new StoreException("the database schema is version " + current + ", newer than this server knows ("
                    + latestVersion() + "); run a newer server");
        }
    }

    private static void lock(Connection c, Dialect dialect) throws SQLException {
        if (dialect.migrationLock() != null) {
            try (Statement s = c.createStatement()) {
                s.execute(dialect.migrationLock());
            }
        }
    }

    private static String read(Dialect dialect, String script) {
        String resource = "/db/migration/" + dialect.migrationFolder() + "/" + script;
        try (InputStream in = Migrations.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new StoreException("migration script missing from the build: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("cannot read migration script " + resource, e);
        }
    }

    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalStateException("migration script ends without ';'");
        }
        return out;
    }
}
