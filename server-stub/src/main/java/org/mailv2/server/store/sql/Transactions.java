package org.mailv2.server.store.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.mailv2.server.store.CommitUnknownException;
import org.mailv2.server.store.StoreException;
import org.mailv2.server.store.UnknownAccountException;

/**
 * Binds one pooled connection to the thread that runs {@link #inTransaction}; store calls made by that thread join
 * it, store calls made outside one run in a transaction of their own (writes) or on an auto-commit connection (reads).
 *
 * <p>A nested {@code inTransaction} joins the outer one. When any part of a transaction fails (a store call throws, or
 * nested work throws), the whole transaction is doomed: it rolls back even if the outer work catches the exception,
 * and the outer {@code inTransaction} then throws {@link StoreException}. There are no savepoints. A failure of the
 * commit itself throws {@link CommitUnknownException}: only then may the work be durable although an exception came.
 *
 * <p>Where the dialect serializes writers (SQLite), every transaction first takes a fair in-process lock, so threads
 * queue in order instead of failing with {@code SQLITE_BUSY}; reads outside transactions do not take it.
 */
final class Transactions {
    private final DataSource pool;
    private final Dialect dialect;
    private final ReentrantLock writer = new ReentrantLock(true);
    private final ThreadLocal<Bound> bound = new ThreadLocal<>();

    Transactions(DataSource pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
    }

    Dialect dialect() {
        return dialect;
    }

    /**
     * @throws StoreException when the database fails, or when a joined part failed and the transaction rolled back
     */
    <T> T inTransaction(Supplier<T> work) {
        Objects.requireNonNull(work, "work");
        Bound current = bound.get();
        if (current != null) {
            return joined(current, work);
        }
        boolean serialize = dialect.serializesWriters();
        if (serialize) {
            writer.lock();
        }
        try {
            return outermost(work);
        } finally {
            if (serialize) {
                writer.unlock();
            }
        }
    }

    /** Runs a read on the current transaction's connection, or on a pooled auto-commit connection. */
    <T> T read(SqlWork<T> work) {
        Bound current = bound.get();
        if (current != null) {
            return run(current, work);
        }
        try (Connection c = pool.getConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** Runs a write in the current transaction, or in a transaction of its own that commits before this returns. */
    <T> T write(SqlWork<T> work) {
        Bound current = bound.get();
        if (current != null) {
            return run(current, work);
        }
        return inTransaction(() -> run(bound.get(), work));
    }

    /** Maps a driver exception to the store's: a missing account behind a foreign key, or a plain failure. */
    StoreException translate(SQLException e) {
        if (dialect.isForeignKeyViolation(e)) {
            return new UnknownAccountException("the owning account is not hosted here", e);
        }
        return new StoreException("database operation failed (SQLState " + e.getSQLState() + ")", e);
    }

    private <T> T joined(Bound current, Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException | Error e) {
            current.rollbackOnly = true;
            throw e;
        }
    }

    private <T> T outermost(Supplier<T> work) {
        Connection c = connect();
        Bound b = new Bound(c);
        try {
            c.setAutoCommit(false);
            bound.set(b);
            T result;
            try {
                result = work.get();
            } finally {
                bound.remove();
            }
            if (b.rollbackOnly) {
                throw new StoreException("transaction rolled back: a part of it failed");
            }
            try {
                c.commit();
            } catch (SQLException e) {
                throw new CommitUnknownException("the commit failed; the work may or may not be durable (SQLState "
                        + e.getSQLState() + ")", e);
            }
            return result;
        } catch (SQLException e) {
            rollbackQuietly(c, e);
            throw translate(e);
        } catch (RuntimeException | Error e) {
            rollbackQuietly(c, e);
            throw e;
        } finally {
            closeQuietly(c);
        }
    }

    private <T> T run(Bound b, SqlWork<T> work) {
        try {
            return work.apply(b.connection);
        } catch (SQLException e) {
            b.rollbackOnly = true;
            throw translate(e);
        } catch (RuntimeException | Error e) {
            b.rollbackOnly = true;
            throw e;
        }
    }

    private Connection connect() {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    private static void rollbackQuietly(Connection c, Throwable failure) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** The pool resets auto-commit (and rolls back anything left open) when the connection comes back. */
    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the pool evicts a connection it cannot reset
        }
    }

    private static final class Bound {
        final Connection connection;
        boolean rollbackOnly;

        Bound(Connection connection) {
            this.connection = connection;
        }
    }
}
