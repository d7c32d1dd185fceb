package org.mailv2.server.store;

import java.util.Optional;
import org.mailv2.protocol.digest.Sha256;

/** Accounts hosted here. */
public interface AccountStore {
    /** @return false when an account with that hash exists already (nothing is changed) */
    boolean create(Account account);

    Optional<Account> find(Sha256 addressHash);

    /** Deletes the account and everything it owns (messages, permits, queued deliveries); false when absent. */
    boolean delete(Sha256 addressHash);
}
