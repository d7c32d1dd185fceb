package org.mailv2.server.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.server.store.Database;
import org.mailv2.server.store.StoreContract;
import org.sqlite.SQLiteDataSource;

/** The store contract on SQLite, one fresh data directory per test. */
class SqliteStoreTest extends StoreContract {
    private static final long BLOCKED_DEADLINE_NANOS = 30_000_000_000L;

    @TempDir
    Path dataDir;

    @Override
    protected Database openFresh() {
        return SqlDatabase.sqlite(dataDir);
    }

    @Override
    protected Database reopen() {
        if (db != null) {
            db.close();
        }
        return SqlDatabase.sqlite(dataDir);
    }

    @Override
    protected void executeRaw(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(SqlDatabase.SQLITE_FILE));
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    protected void replaceWithPreviousSchema() throws Exception {
        replaceWithSchema(Migrations.latestVersion() - 1);
    }

    @Override
    protected void replaceWithSchema(int version) throws Exception {
        db.close();
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(dataDir.resolve(SqlDatabase.SQLITE_FILE + suffix));
        }
        SQLiteDataSource old = new SQLiteDataSource();
        old.setUrl("jdbc:sqlite:" + dataDir.resolve(SqlDatabase.SQLITE_FILE));
        Migrations.apply(old, Dialect.SQLITE, version);
    }

    /** Writers queue on the in-process writer lock, where a waiting thread is parked. */
    @Override
    protected void awaitBlocked(Thread writer) {
        long start = System.nanoTime();
        while (writer.getState() != Thread.State.WAITING) {
            if (System.nanoTime() - start > BLOCKED_DEADLINE_NANOS || !writer.isAlive()) {
                fail("writer did not block; state " + writer.getState());
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void everyConnectionIsWalWithFullSyncForeignKeysAndABusyTimeout() {
        assertThat(pragma("journal_mode")).isEqualToIgnoringCase("wal");
        assertThat(pragma("synchronous")).as("FULL").isEqualTo("2");
        assertThat(pragma("foreign_keys")).isEqualTo("1");
        assertThat(pragma("busy_timeout")).isEqualTo("30000");
        assertThat(dataDir.resolve(SqlDatabase.SQLITE_FILE)).isRegularFile();
    }

    /** Reads a setting on a connection from the database's own pool. */
    private String pragma(String name) {
        SqlWork<String> read = c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
                rs.next();
                return rs.getString(1);
            }
        };
        return ((SqlDatabase) db).withConnection(read);
    }
}
