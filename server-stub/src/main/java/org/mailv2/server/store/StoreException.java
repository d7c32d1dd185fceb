package org.mailv2.server.store;

/**
 * The database failed or refused the work: unreachable, out of space, a schema it cannot use, or a constraint the
 * interfaces do not answer with a boolean. The message names what failed and carries no user data; the cause (the
 * driver's exception) may quote values, so log it only where user data may be logged.
 *
 * <p>A store call that throws inside {@link Database#inTransaction} dooms that transaction: it rolls back even if the
 * work catches the exception.
 */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
