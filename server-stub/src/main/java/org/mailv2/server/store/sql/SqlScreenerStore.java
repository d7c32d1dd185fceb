package org.mailv2.server.store.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.server.store.ScreenerStore;
import org.mailv2.server.store.SenderRule;
import org.mailv2.server.store.StoreException;
import org.mailv2.server.store.UnknownAccountException;

/**
 * The screener in tables {@code sender_rules} (one row per recipient and sender) and {@code screener_off} (a row per
 * account that turned it off). All methods throw {@link StoreException} when the database fails; writes throw
 * {@link UnknownAccountException} when the recipient is not an account here.
 */
final class SqlScreenerStore implements ScreenerStore {
    private static final String COLUMNS = "recipient, sender, rule, created_at_us";

    private final Transactions tx;

    SqlScreenerStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<SenderRule> rule(Sha256 recipient, Sha256 sender) {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM sender_rules"
                    + " WHERE recipient = ? AND sender = ?")) {
                s.setString(1, recipient.hex());
                s.setString(2, sender.hex());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(rule(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void put(SenderRule rule) {
        tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO sender_rules (" + COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (recipient, sender) DO UPDATE SET rule = excluded.rule,"
                    + " created_at_us = excluded.created_at_us WHERE sender_rules.rule <> excluded.rule")) {
                s.setString(1, rule.recipient().hex());
                s.setString(2, rule.sender().hex());
                s.setString(3, wire(rule.kind()));
                s.setLong(4, Columns.micros(rule.since()));
                return s.executeUpdate();
            }
        });
    }

    @Override
    public boolean remove(Sha256 recipient, Sha256 sender, SenderRule.Kind kind) {
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM sender_rules WHERE recipient = ? AND sender = ? AND rule = ?")) {
                s.setString(1, recipient.hex());
                s.setString(2, sender.hex());
                s.setString(3, wire(kind));
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<SenderRule> rules(Sha256 recipient, SenderRule.Kind kind) {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM sender_rules"
                    + " WHERE recipient = ? AND rule = ? ORDER BY created_at_us, sender")) {
                s.setString(1, recipient.hex());
                s.setString(2, wire(kind));
                try (ResultSet rs = s.executeQuery()) {
                    List<SenderRule> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(rule(rs));
                    }
                    return out;
                }
            }
        });
    }

    @Override
    public boolean screening(Sha256 recipient) {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM screener_off WHERE recipient = ?")) {
                s.setString(1, recipient.hex());
                try (ResultSet rs = s.executeQuery()) {
                    return !rs.next();
                }
            }
        });
    }

    @Override
    public void setScreening(Sha256 recipient, boolean on) {
        tx.write(c -> {
            String sql = on ? "DELETE FROM screener_off WHERE recipient = ?"
                    : "INSERT INTO screener_off (recipient) VALUES (?) ON CONFLICT (recipient) DO NOTHING";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, recipient.hex());
                return s.executeUpdate();
            }
        });
    }

    private static String wire(SenderRule.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static SenderRule rule(ResultSet rs) throws SQLException {
        return new SenderRule(Columns.sha256(rs, "recipient"), Columns.sha256(rs, "sender"),
                SenderRule.Kind.valueOf(rs.getString("rule").toUpperCase(Locale.ROOT)),
                Columns.instant(rs.getLong("created_at_us")));
    }
}
