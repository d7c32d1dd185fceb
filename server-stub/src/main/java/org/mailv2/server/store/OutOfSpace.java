package org.mailv2.server.store;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Tells a full disk from other storage failures: the blob store's {@code ENOSPC} or {@code EDQUOT} (the JDK reports
 * them as an {@link IOException} with the C library's message), SQLite's {@code SQLITE_FULL} and PostgreSQL's
 * {@code disk_full} (SQLState 53100) anywhere in the cause chain. Callers answer it as a passing condition
 * ({@code insufficient_storage}) instead of a server failure.
 */
public final class OutOfSpace {
    /** SQLite's primary result code for "database or disk is full". */
    private static final int SQLITE_FULL = 13;
    private static final String POSTGRES_DISK_FULL = "53100";

    private OutOfSpace() {
    }

    /** Whether {@code failure}, or one of its causes, says the storage has no room left. */
    public static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException && mentionsNoSpace(t.getMessage())) {
                return true;
            }
            if (t instanceof SQLException sql && (POSTGRES_DISK_FULL.equals(sql.getSQLState())
                    || isSqlite(sql) && (sql.getErrorCode() & 0xff) == SQLITE_FULL)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean isSqlite(SQLException e) {
        return e.getClass().getName().startsWith("org.sqlite.");
    }

    private static boolean mentionsNoSpace(String message) {
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("no space left on device") || m.contains("disk quota exceeded");
    }
}
