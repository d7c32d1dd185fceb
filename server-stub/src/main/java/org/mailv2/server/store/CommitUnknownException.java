package org.mailv2.server.store;

/**
 * The commit itself failed, so the transaction's work may or may not be durable (a connection lost during
 * PostgreSQL's commit, say). Callers must not undo side effects that a committed row refers to, such as its body
 * blob: at worst that leaves an unreferenced file, never a row without its body.
 */
public final class CommitUnknownException extends StoreException {
    public CommitUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
