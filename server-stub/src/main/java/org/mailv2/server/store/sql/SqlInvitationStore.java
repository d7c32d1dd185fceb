package org.mailv2.server.store.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mailv2.server.store.InvitationStore;
import org.mailv2.server.store.IssuedInvitation;
import org.mailv2.server.store.StoreException;

/**
 * Issued invitations in table {@code invitations}. All methods throw {@link StoreException} when the database fails.
 */
final class SqlInvitationStore implements InvitationStore {
    private static final String COLUMNS = "invitation_id, address_hash, issued_at_us, expires_at_us, revoked_at_us,"
            + " redeemed_at_us";

    private final Transactions tx;

    SqlInvitationStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public boolean record(IssuedInvitation i) {
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO invitations (" + COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (invitation_id) DO NOTHING")) {
                s.setString(1, i.id());
                s.setString(2, i.addressHash().hex());
                s.setLong(3, Columns.micros(i.issuedAt()));
                s.setLong(4, Columns.micros(i.expiresAt()));
                setInstantOrNull(s, 5, i.revokedAt());
                setInstantOrNull(s, 6, i.redeemedAt());
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<IssuedInvitation> find(String id) {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM invitations WHERE invitation_id = ?")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(invitation(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<IssuedInvitation> all() {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM invitations ORDER BY issued_at_us, invitation_id");
                 ResultSet rs = s.executeQuery()) {
                List<IssuedInvitation> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(invitation(rs));
                }
                return out;
            }
        });
    }

    @Override
    public boolean revoke(String id, Instant at) {
        return update("UPDATE invitations SET revoked_at_us = ? WHERE invitation_id = ? AND revoked_at_us IS NULL",
                id, at);
    }

    @Override
    public boolean redeemed(String id, Instant at) {
        return update("UPDATE invitations SET redeemed_at_us = COALESCE(redeemed_at_us, ?) WHERE invitation_id = ?",
                id, at);
    }

    private boolean update(String sql, String id, Instant at) {
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setLong(1, Columns.micros(at));
                s.setString(2, id);
                return s.executeUpdate() == 1;
            }
        });
    }

    private static void setInstantOrNull(PreparedStatement s, int index, Instant value) throws SQLException {
        if (value == null) {
            s.setNull(index, java.sql.Types.BIGINT);
        } else {
            s.setLong(index, Columns.micros(value));
        }
    }

    private static IssuedInvitation invitation(ResultSet rs) throws SQLException {
        return new IssuedInvitation(rs.getString("invitation_id"), Columns.sha256(rs, "address_hash"),
                Columns.instant(rs.getLong("issued_at_us")), Columns.instant(rs.getLong("expires_at_us")),
                Columns.instantOrNull(rs, "revoked_at_us"), Columns.instantOrNull(rs, "redeemed_at_us"));
    }
}
