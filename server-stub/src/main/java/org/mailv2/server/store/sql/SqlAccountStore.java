package org.mailv2.server.store.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    private static final String COLUMNS = "address_hash, created_at_us, quota_bytes, suspended_at_us";

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
                    "SELECT " + COLUMNS + " FROM accounts WHERE address_hash = ?")) {
                s.setString(1, addressHash.hex());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(account(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Account> all() {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM accounts ORDER BY created_at_us, address_hash");
                 ResultSet rs = s.executeQuery()) {
                List<Account> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(account(rs));
                }
                return out;
            }
        });
    }

    @Override
    public boolean suspend(Sha256 addressHash, Instant at) {
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE accounts SET suspended_at_us ="
                    + " COALESCE(suspended_at_us, ?) WHERE address_hash = ?")) {
                s.setLong(1, Columns.micros(at));
                s.setString(2, addressHash.hex());
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean resume(Sha256 addressHash) {
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE accounts SET suspended_at_us = NULL WHERE address_hash = ?")) {
                s.setString(1, addressHash.hex());
                return s.executeUpdate() == 1;
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

    @Override
    public boolean putRecoveryCopy(org.mailv2.server.store.RecoveryCopy copy) {
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO recovery_copies (account, recovery_key, copy,"
                    + " updated_at_us) SELECT address_hash, ?, ?, ? FROM accounts WHERE address_hash = ?"
                    + " ON CONFLICT (account) DO UPDATE SET recovery_key = excluded.recovery_key, copy = excluded.copy,"
                    + " updated_at_us = excluded.updated_at_us")) {
                s.setString(1, copy.recoveryKey().text());
                s.setBytes(2, copy.copy());
                s.setLong(3, Columns.micros(copy.updatedAt()));
                s.setString(4, copy.account().hex());
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<org.mailv2.server.store.RecoveryCopy> recoveryCopy(Sha256 account) {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT recovery_key, copy, updated_at_us FROM recovery_copies WHERE account = ?")) {
                s.setString(1, account.hex());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(new org.mailv2.server.store.RecoveryCopy(account,
                            org.mailv2.protocol.keys.SigningPublicKey.parse(rs.getString(1)), rs.getBytes(2),
                            Columns.instant(rs.getLong(3)))) : Optional.empty();
                }
            }
        });
    }

    private static Account account(ResultSet rs) throws SQLException {
        return new Account(Columns.sha256(rs, "address_hash"), Columns.instant(rs.getLong("created_at_us")),
                rs.getLong("quota_bytes"), Columns.instantOrNull(rs, "suspended_at_us"));
    }
}
