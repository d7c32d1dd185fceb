package org.mailv2.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.mailv2.protocol.digest.Sha256;

/** Accounts hosted here. */
public interface AccountStore {
    /** @return false when an account with that hash exists already (nothing is changed); it is created active */
    boolean create(Account account);

    Optional<Account> find(Sha256 addressHash);

    /** Every account, oldest first (for the operator). */
    List<Account> all();

    /**
     * Marks the account suspended since {@code at}; an account suspended already keeps its first {@code at}.
     *
     * @return false when there is no such account
     */
    boolean suspend(Sha256 addressHash, Instant at);

    /** Makes a suspended account active again. @return false when there is no such account */
    boolean resume(Sha256 addressHash);

    /** Deletes the account and everything it owns (messages, permits, queued deliveries); false when absent. */
    boolean delete(Sha256 addressHash);

    /** Keeps (or replaces) the account's recovery copy; false when there is no such account. */
    boolean putRecoveryCopy(RecoveryCopy copy);

    java.util.Optional<RecoveryCopy> recoveryCopy(Sha256 account);
}
