package org.mailv2.server.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.mailv2.server.store.CommitUnknownException;
import org.mailv2.server.store.Database;

/**
 * Runs the transactions of concurrent deliveries together, one durable commit for several, where the database takes
 * one writer at a time anyway (SQLite: each commit is an fsync of the WAL, one after the other, so commits, not CPU,
 * bounded deliveries per second). Whoever finds no commit under way leads: it takes every piece of work waiting (at
 * most {@link #MAX_BATCH}), runs them in order in one transaction, commits, hands each its own answer, and leads again
 * while work is waiting; the others only wait for their answer. No piece waits for a batch to fill.
 *
 * <p>Each piece sees the database as if it ran alone after the pieces before it in its batch. A piece that throws
 * rolls its whole batch back, and then every piece of that batch runs again in a transaction of its own, so that it
 * gets the answer it would have had alone and no piece is lost to another's failure (the work must be repeatable
 * after a rollback, as any transaction's is). When the batch's commit itself is of unknown outcome, every piece gets
 * that {@link CommitUnknownException}: each may be durable.
 */
final class GroupCommit {
    /** Enough to spread one fsync over a server's concurrent deliveries, few enough to keep a batch short. */
    static final int MAX_BATCH = 64;

    private final Database db;
    private final boolean grouped;
    private final Object lock = new Object();
    private List<Piece<?>> waiting = new ArrayList<>();
    private boolean leading;
    private long commits;

    /** @param grouped false runs each piece in its own transaction (a database that commits writers in parallel) */
    GroupCommit(Database db, boolean grouped) {
        this.db = db;
        this.grouped = grouped;
    }

    /**
     * Runs {@code work} in a transaction, possibly with other pieces, and returns once that transaction committed.
     *
     * @throws RuntimeException what {@code work} threw (its transaction rolled back), or what the transaction threw
     *     ({@link CommitUnknownException} when the commit's outcome is unknown)
     */
    <T> T run(Supplier<T> work) {
        if (!grouped) {
            T result = db.inTransaction(work);
            synchronized (lock) {
                commits++;
            }
            return result;
        }
        Piece<T> piece = new Piece<>(work);
        boolean lead;
        synchronized (lock) {
            waiting.add(piece);
            lead = !leading;
            leading = true;
        }
        if (lead) {
            lead();
        }
        return piece.answer();
    }

    /** Pieces waiting for a leader to take them (for tests that line pieces up behind a commit). */
    int waiting() {
        synchronized (lock) {
            return waiting.size();
        }
    }

    /** Transactions committed so far (batches and single pieces alike). */
    long commits() {
        synchronized (lock) {
            return commits;
        }
    }

    private void lead() {
        while (true) {
            List<Piece<?>> batch;
            synchronized (lock) {
                if (waiting.isEmpty()) {
                    leading = false;
                    return;
                }
                if (waiting.size() <= MAX_BATCH) {
                    batch = waiting;
                    waiting = new ArrayList<>();
                } else {
                    batch = new ArrayList<>(waiting.subList(0, MAX_BATCH));
                    waiting = new ArrayList<>(waiting.subList(MAX_BATCH, waiting.size()));
                }
            }
            commit(batch);
        }
    }

    private void commit(List<Piece<?>> batch) {
        if (batch.size() > 1) {
            try {
                List<Object> results = db.inTransaction(() -> {
                    List<Object> out = new ArrayList<>(batch.size());
                    for (Piece<?> piece : batch) {
                        out.add(piece.work.get());
                    }
                    return out;
                });
                countCommit();
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).succeed(results.get(i));
                }
                return;
            } catch (CommitUnknownException e) {
                batch.forEach(piece -> piece.fail(e));
                return;
            } catch (RuntimeException | Error rolledBack) {
                // One piece (or the database) failed: each piece again on its own, for its own answer.
            }
        }
        for (Piece<?> piece : batch) {
            try {
                Object result = db.inTransaction(piece.work);
                countCommit();
                piece.succeed(result);
            } catch (RuntimeException | Error e) {
                piece.fail(e);
            }
        }
    }

    private void countCommit() {
        synchronized (lock) {
            commits++;
        }
    }

    private static final class Piece<T> {
        private final Supplier<T> work;
        private final CompletableFuture<T> answer = new CompletableFuture<>();

        Piece(Supplier<T> work) {
            this.work = work;
        }

        @SuppressWarnings("unchecked")
        void succeed(Object result) {
            answer.complete((T) result);
        }

        void fail(Throwable e) {
            answer.completeExceptionally(e);
        }

        T answer() {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return answer.get();
                    } catch (InterruptedException e) {
                        // The piece may be committing right now: its caller must hear how it ended.
                        interrupted = true;
                    } catch (ExecutionException e) {
                        Throwable cause = e.getCause();
                        if (cause instanceof RuntimeException r) {
                            throw r;
                        }
                        throw (Error) cause;
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
