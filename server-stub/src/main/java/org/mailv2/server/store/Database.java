package org.mailv2.server.store;

import java.util.function.Supplier;

/**
 * The database behind every store of one server: opens the pool, runs the versioned migrations, and runs work in
 * one transaction so that, e.g., spending a stamp and storing the message commit together or not at all.
 */
public interface Database extends AutoCloseable {
    AccountStore accounts();

    RecordStore records();

    StampStore stamps();

    PermitStore permits();

    MessageStore messages();

    QueueStore queue();

    DirectoryStore directory();

    ScreenerStore screener();

    InvitationStore invitations();

    /** Accounts that arrived here by a move or moved away (schema version 9). */
    MoveStore moves();

    /**
     * Runs {@code work} in one transaction; store calls made by this thread inside it join the transaction. Commits
     * when {@code work} returns, rolls back when it throws (and rethrows). A nested {@code inTransaction} joins the
     * outer one. When a store call or a nested {@code inTransaction} inside {@code work} throws, the whole
     * transaction is rolled back even if {@code work} catches the exception and returns.
     *
     * @throws StoreException when the database fails, or when {@code work} returned after a part of it failed; the
     *                        work was rolled back, except for {@link CommitUnknownException}
     * @throws CommitUnknownException when the commit itself failed: the work may or may not be durable
     */
    <T> T inTransaction(Supplier<T> work);

    /**
     * Whether writing transactions commit one after another (SQLite's one writer), so that running several pieces of
     * work in one transaction saves commits; false where writers commit in parallel (PostgreSQL).
     */
    default boolean oneWriterAtATime() {
        return false;
    }

    @Override
    void close();
}
