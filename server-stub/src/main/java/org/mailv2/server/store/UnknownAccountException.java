package org.mailv2.server.store;

/**
 * A row was written for an account that is not hosted here (or was deleted meanwhile): a message, a permit or a
 * queued delivery must belong to an existing account.
 */
public final class UnknownAccountException extends StoreException {
    public UnknownAccountException(String message, Throwable cause) {
        super(message, cause);
    }

    public UnknownAccountException(String message) {
        super(message);
    }
}
