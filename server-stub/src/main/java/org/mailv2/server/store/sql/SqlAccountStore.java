package org.mailv2.server.store.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.server.store.Account;
import org.mailv2.server.store.AccountStore;
import org.mailv2.server.store.StoreException;

/**
 * Accounts in table {@code accounts}. Deleting one deletes its messages, permits and queued deliveries by the
 * foreign keys' {@code ON DELETE CASCADE}, in the same statement. All methods throw {@link StoreException} when the
 * database fails.
 */
final class SqlAccountStore implements AccountStore {
    private final Transactions tx;

    SqlAccountStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public boolean create(Account account) {
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO accounts (address_hash, created_at_us,"
                    + " quota_bytes) VALUES (?, ?, ?) ON CONFLICT (address_hash) DO NOTHING")) {
                s.setString(1, account.addressHash().hex());
                s.setLong(2, Columns.micros(account.createdAt()));
                s.setLong(3, account.quotaBytes());
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<Account> find(Sha256 addressHash) {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT created_at_us, quota_bytes FROM accounts WHERE address_hash = ?")) {
                s.setString(1, addressHash.hex());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Account(addressHash, Columns.instant(rs.getLong("created_at_us")),
                            rs.getLong("quota_bytes")));
                }
            }
        });
    }

    @Override
    public boolean delete(Sha256 addressHash) {
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM accounts WHERE address_hash = ?")) {
                s.setString(1, addressHash.hex());
                return s.executeUpdate() == 1;
            }
        });
    }
}
