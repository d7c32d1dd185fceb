package org.mailv2.server.store.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.permit.Permit;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.server.store.PermitState;
import org.mailv2.server.store.PermitStore;
import org.mailv2.server.store.StoreException;
import org.mailv2.server.store.UnknownAccountException;

/**
 * Permits in table {@code permits}, owned by the recipient's account. Revoking is one conditional
 * {@code UPDATE ... WHERE revoked_at_us IS NULL}, so only the first revoke by the owner succeeds. All methods throw
 * {@link StoreException} when the database fails; {@link #create} throws {@link UnknownAccountException} when the
 * recipient is not an account here.
 */
final class SqlPermitStore implements PermitStore {
    private static final String COLUMNS = "permit_id, recipient, sender, purpose, created_at_us, revoked_at_us";

    private final Transactions tx;

    SqlPermitStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public boolean create(Permit permit) {
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO permits (" + COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, NULL) ON CONFLICT (permit_id) DO NOTHING")) {
                s.setString(1, permit.permitId().text());
                s.setString(2, permit.recipientHash().hex());
                s.setString(3, permit.senderHash().hex());
                s.setString(4, permit.purpose().name().toLowerCase(Locale.ROOT));
                s.setLong(5, Columns.micros(permit.createdAt()));
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<PermitState> find(PermitId id) {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM permits WHERE permit_id = ?")) {
                s.setString(1, id.text());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(state(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Oldest first by {@code createdAt}; permits created at the same instant come in id order. */
    @Override
    public List<PermitState> issuedBy(Sha256 recipientHash) {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM permits WHERE recipient = ?"
                    + " ORDER BY created_at_us, permit_id")) {
                s.setString(1, recipientHash.hex());
                try (ResultSet rs = s.executeQuery()) {
                    List<PermitState> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(state(rs));
                    }
                    return out;
                }
            }
        });
    }

    @Override
    public boolean revoke(PermitId id, Sha256 recipientHash, Instant at) {
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE permits SET revoked_at_us = ?"
                    + " WHERE permit_id = ? AND recipient = ? AND revoked_at_us IS NULL")) {
                s.setLong(1, Columns.micros(at));
                s.setString(2, id.text());
                s.setString(3, recipientHash.hex());
                if (s.executeUpdate() != 1) {
                    return false;
                }
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM permit_admissions WHERE permit_id = ?")) {
                s.setString(1, id.text());
                s.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public void admitted(PermitId id, Sha256 recipientHash, UUID messageId) {
        tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO permit_admissions (recipient, message_id,"
                    + " permit_id) VALUES (?, ?, ?) ON CONFLICT (recipient, message_id) DO NOTHING")) {
                s.setString(1, recipientHash.hex());
                s.setString(2, messageId.toString());
                s.setString(3, id.text());
                return s.executeUpdate();
            }
        });
    }

    @Override
    public boolean wasAdmitted(Sha256 recipientHash, UUID messageId) {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT 1 FROM permit_admissions WHERE recipient = ? AND message_id = ?")) {
                s.setString(1, recipientHash.hex());
                s.setString(2, messageId.toString());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private static PermitState state(ResultSet rs) throws SQLException {
        Permit permit = new Permit(new PermitId(rs.getString("permit_id")), Columns.sha256(rs, "recipient"),
                Columns.sha256(rs, "sender"),
                Permit.Purpose.valueOf(rs.getString("purpose").toUpperCase(Locale.ROOT)),
                Columns.instant(rs.getLong("created_at_us")));
        return new PermitState(permit, Columns.instantOrNull(rs, "revoked_at_us"));
    }
}
