package org.mailv2.server.store.sql;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What differs between SQLite and PostgreSQL; every statement is otherwise shared. Both speak
 * {@code ON CONFLICT ... DO NOTHING} and {@code RETURNING}.
 */
enum Dialect {
    /**
     * One writer at a time: SQLite has one write lock per file, so writers queue on a fair in-process lock instead of
     * spinning on {@code SQLITE_BUSY}; readers run beside them (WAL).
     */
    SQLITE("sqlite", true, "", "", null),

    /**
     * Writers run concurrently; rows are locked where order matters ({@code FOR NO KEY UPDATE} on the account before
     * a message takes its sequence, {@code FOR UPDATE SKIP LOCKED} when claiming queue work).
     */
    POSTGRESQL("postgresql", false, " FOR NO KEY UPDATE", " FOR UPDATE SKIP LOCKED",
            "SELECT pg_advisory_xact_lock(7236172706542316082)");

    private static final String PG_FOREIGN_KEY_VIOLATION = "23503";

    private final String migrationFolder;
    private final boolean serializesWriters;
    private final String lockRow;
    private final String lockRowSkipLocked;
    private final String migrationLock;

    Dialect(String migrationFolder, boolean serializesWriters, String lockRow, String lockRowSkipLocked,
            String migrationLock) {
        this.migrationFolder = migrationFolder;
        this.serializesWriters = serializesWriters;
        this.lockRow = lockRow;
        this.lockRowSkipLocked = lockRowSkipLocked;
        this.migrationLock = migrationLock;
    }

    /** The folder under {@code db/migration/} holding this dialect's scripts. */
    String migrationFolder() {
        return migrationFolder;
    }

    /** Whether transactions must queue on one in-process writer lock. */
    boolean serializesWriters() {
        return serializesWriters;
    }

    /** Appended to a SELECT that must hold the selected row until commit (empty where writers are serialized). */
    String lockRow() {
        return lockRow;
    }

    /** Appended to a SELECT that picks work other transactions have not locked (empty where writers are serialized). */
    String lockRowSkipLocked() {
        return lockRowSkipLocked;
    }

    /** A statement that makes concurrent migrators of one database take turns, or null where the transaction does. */
    String migrationLock() {
        return migrationLock;
    }

    boolean isForeignKeyViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && isForeignKeyViolationItself(s)) {
                return true;
            }
        }
        return false;
    }

    private boolean isForeignKeyViolationItself(SQLException e) {
        if (this == POSTGRESQL) {
            return PG_FOREIGN_KEY_VIOLATION.equals(e.getSQLState());
        }
        return e instanceof SQLiteException s && s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY;
    }
}
