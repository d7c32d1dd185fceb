package org.mailv2.server.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.server.store.Database;
import org.mailv2.server.store.StoreContract;

/** The store contract on a real PostgreSQL: one server for the class, one fresh database per test. */
class PostgresStoreTest extends StoreContract {
    private static final long BLOCKED_DEADLINE_NANOS = 30_000_000_000L;
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private String database;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = RootlessPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    protected Database openFresh() {
        database = "store_" + DATABASES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return open();
    }

    @Override
    protected Database reopen() {
        if (db != null) {
            db.close();
        }
        return open();
    }

    private Database open() {
        return SqlDatabase.postgres(postgres.getJdbcUrl("postgres", database), "postgres", "postgres");
    }

    @Override
    protected void executeRaw(String sql) throws SQLException {
        try (Connection c = postgres.getDatabase("postgres", database).getConnection();
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    protected void replaceWithPreviousSchema() throws SQLException {
        replaceWithSchema(Migrations.latestVersion() - 1);
    }

    @Override
    protected void replaceWithSchema(int version) throws SQLException {
        db.close();
        database = "store_" + DATABASES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        Migrations.apply(postgres.getDatabase("postgres", database), Dialect.POSTGRESQL, version);
    }

    /** Polls the server until some session of this test's database waits for a lock. */
    @Override
    protected void awaitBlocked(Thread writer) throws SQLException {
        long start = System.nanoTime();
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity"
                     + " WHERE datname = ? AND wait_event_type = 'Lock'")) {
            s.setString(1, database);
            while (true) {
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
                if (System.nanoTime() - start > BLOCKED_DEADLINE_NANOS || !writer.isAlive()) {
                    fail("writer did not block; thread alive: " + writer.isAlive());
                }
            }
        }
    }

    @Test
    void everyConnectionCommitsSynchronouslyWhateverTheServerDefault() {
        assertThat(show("synchronous_commit")).isEqualTo("on");
    }

    @Test
    void theSchemaHasTheSameTablesColumnsAndIndexesAsOnSqlite(@TempDir Path sqliteDir) {
        SqlDatabase onPostgres = (SqlDatabase) db;
        try (SqlDatabase onSqlite = SqlDatabase.sqlite(sqliteDir)) {
            assertThat(columns(onPostgres, "public")).isNotEmpty().isEqualTo(columns(onSqlite, null));
            assertThat(indexes(onPostgres, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"))
                    .isEqualTo(indexes(onSqlite, "SELECT name FROM sqlite_master WHERE type = 'index'"))
                    .contains("messages_by_box", "queue_by_due", "permits_by_recipient");
        }
    }

    /** "table.column nullable" for every column of every table, from the JDBC metadata. */
    private static Set<String> columns(SqlDatabase database, String schema) {
        SqlWork<Set<String>> read = c -> {
            Set<String> out = new TreeSet<>();
            try (ResultSet rs = c.getMetaData().getColumns(null, schema, "%", "%")) {
                while (rs.next()) {
                    String table = rs.getString("TABLE_NAME");
                    if (!table.startsWith("sqlite_")) {
                        out.add(table + "." + rs.getString("COLUMN_NAME") + " " + rs.getString("IS_NULLABLE"));
                    }
                }
            }
            return out;
        };
        return database.withConnection(read);
    }

    /** Names of the indexes the scripts create (not those behind primary keys and unique constraints). */
    private static Set<String> indexes(SqlDatabase database, String query) {
        SqlWork<Set<String>> read = c -> {
            Set<String> out = new TreeSet<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (!name.startsWith("sqlite_autoindex_") && !name.endsWith("_pkey") && !name.endsWith("_key")) {
                        out.add(name);
                    }
                }
            }
            return out;
        };
        return database.withConnection(read);
    }

    /** Reads a setting on a connection from the database's own pool. */
    private String show(String setting) {
        SqlWork<String> read = c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
                rs.next();
                return rs.getString(1);
            }
        };
        return ((SqlDatabase) db).withConnection(read);
    }
}
