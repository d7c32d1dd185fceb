package org.mailv2.server.store.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.mailv2.server.store.AccountStore;
import org.mailv2.server.store.Database;
import org.mailv2.server.store.DirectoryStore;
import org.mailv2.server.store.InvitationStore;
import org.mailv2.server.store.MessageStore;
import org.mailv2.server.store.PermitStore;
import org.mailv2.server.store.QueueStore;
import org.mailv2.server.store.RecordStore;
import org.mailv2.server.store.ScreenerStore;
import org.mailv2.server.store.StampStore;
import org.mailv2.server.store.StoreException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The stores over JDBC, one code path for SQLite and PostgreSQL. Opening runs the schema migrations; every commit is
 * durable when it returns (SQLite: WAL with {@code synchronous=FULL}; PostgreSQL: {@code synchronous_commit=on} on
 * every connection, whatever the server's default).
 */
public final class SqlDatabase implements Database {
    /** File name of the SQLite database inside the data directory. */
    public static final String SQLITE_FILE = "mailv2.db";

    private static final int SQLITE_POOL = 4;
    private static final int SQLITE_BUSY_TIMEOUT_MS = 30_000;
    private static final int POSTGRES_POOL = 10;

    private final HikariDataSource pool;
    private final Transactions transactions;
    private final AccountStore accounts;
    private final RecordStore records;
    private final StampStore stamps;
    private final PermitStore permits;
    private final MessageStore messages;
    private final QueueStore queue;
    private final DirectoryStore directory;
    private final ScreenerStore screener;
    private final InvitationStore invitations;
    private final org.mailv2.server.store.MoveStore moves;

    private SqlDatabase(HikariDataSource pool, Dialect dialect) {
        this.pool = pool;
        this.transactions = new Transactions(pool, dialect);
        this.accounts = new SqlAccountStore(transactions);
        this.records = new SqlRecordStore(transactions);
        this.stamps = new SqlStampStore(transactions);
        this.permits = new SqlPermitStore(transactions);
        this.messages = new SqlMessageStore(transactions);
        this.queue = new SqlQueueStore(transactions);
        this.directory = new SqlDirectoryStore(transactions);
        this.screener = new SqlScreenerStore(transactions);
        this.invitations = new SqlInvitationStore(transactions);
        this.moves = new SqlMoveStore(transactions);
    }

    /**
     * Opens (creating if needed) {@code dataDir/mailv2.db} in WAL mode with {@code synchronous=FULL}, foreign keys on
     * and a busy timeout for other processes; threads of this process queue for the one writer in order.
     *
     * @throws StoreException when the directory or file cannot be created or opened, or the schema cannot be migrated
     *                        (including a schema newer than this code)
     */
    public static SqlDatabase sqlite(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StoreException("cannot create the data directory", e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + dataDir.resolve(SQLITE_FILE).toAbsolutePath());

        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("mailv2-sqlite");
        hikari.setDataSource(sqlite);
        hikari.setMaximumPoolSize(SQLITE_POOL);
        hikari.setMinimumIdle(1);
        return open(hikari, Dialect.SQLITE);
    }

    /**
     * Opens a pool to a PostgreSQL database (which must exist; its tables are created by the migrations).
     *
     * @throws StoreException when the database cannot be reached or the schema cannot be migrated (including a schema
     *                        newer than this code)
     */
    public static SqlDatabase postgres(String jdbcUrl, String user, String password) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("mailv2-postgres");
        hikari.setJdbcUrl(jdbcUrl);
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setMaximumPoolSize(POSTGRES_POOL);
        hikari.setConnectionInitSql("SET synchronous_commit = on");
        return open(hikari, Dialect.POSTGRESQL);
    }

    private static SqlDatabase open(HikariConfig config, Dialect dialect) {
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the " + dialect.migrationFolder() + " database", e);
        }
        try {
            Migrations.apply(pool, dialect);
            return new SqlDatabase(pool, dialect);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** The schema version this code migrates databases to. */
    public static int schemaVersion() {
        return Migrations.latestVersion();
    }

    @Override
    public DirectoryStore directory() {
        return directory;
    }

    @Override
    public ScreenerStore screener() {
        return screener;
    }

    @Override
    public InvitationStore invitations() {
        return invitations;
    }

    @Override
    public org.mailv2.server.store.MoveStore moves() {
        return moves;
    }

    @Override
    public AccountStore accounts() {
        return accounts;
    }

    @Override
    public RecordStore records() {
        return records;
    }

    @Override
    public StampStore stamps() {
        return stamps;
    }

    @Override
    public PermitStore permits() {
        return permits;
    }

    @Override
    public MessageStore messages() {
        return messages;
    }

    @Override
    public QueueStore queue() {
        return queue;
    }

    /**
     * {@inheritDoc}
     *
     * @throws StoreException when the database fails (the work is rolled back), or when a store call or nested
     *                        {@code inTransaction} inside {@code work} failed and {@code work} caught it (the whole
     *                        transaction is rolled back)
     */
    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return transactions.inTransaction(work);
    }

    /** SQLite takes one writer at a time; PostgreSQL commits concurrent writers in parallel. */
    @Override
    public boolean oneWriterAtATime() {
        return dialect() == Dialect.SQLITE;
    }

    /** For tests in this package: raw work on a pooled connection, joining the thread's transaction if any. */
    Dialect dialect() {
        return transactions.dialect();
    }

    <T> T withConnection(SqlWork<T> work) {
        return transactions.read(work);
    }

    @Override
    public void close() {
        pool.close();
    }
}
