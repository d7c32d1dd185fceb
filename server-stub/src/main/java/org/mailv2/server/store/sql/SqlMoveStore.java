package org.mailv2.server.store.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.server.store.MoveStore;
import org.mailv2.server.store.StoreException;

/**
 * Moves in tables {@code arrivals} and {@code departures} (schema version 9), a row per account; both go with the
 * account ({@code ON DELETE CASCADE}). All methods throw {@link StoreException} when the database fails.
 */
final class SqlMoveStore implements MoveStore {
    private final Transactions tx;

    SqlMoveStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public boolean arrive(Arrival arrival) {
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO arrivals (account, from_routing_id,"
                    + " record_json, arrived_at_us) VALUES (?, ?, ?, ?) ON CONFLICT (account) DO NOTHING")) {
                s.setString(1, arrival.account().hex());
                s.setString(2, arrival.fromRoutingId().hex());
                s.setBytes(3, arrival.recordJson());
                s.setLong(4, Columns.micros(arrival.arrivedAt()));
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<Arrival> arrival(Sha256 account) {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT from_routing_id, record_json, arrived_at_us"
                    + " FROM arrivals WHERE account = ?")) {
                s.setString(1, account.hex());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(new Arrival(account, Columns.sha256(rs, "from_routing_id"),
                            rs.getBytes("record_json"), Columns.instant(rs.getLong("arrived_at_us"))))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean depart(Departure departure) {
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO departures (account, to_routing_id, serial,"
                    + " record_json, moved_at_us) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account) DO UPDATE SET"
                    + " to_routing_id = excluded.to_routing_id, serial = excluded.serial,"
                    + " record_json = excluded.record_json, moved_at_us = excluded.moved_at_us"
                    + " WHERE departures.serial < excluded.serial")) {
                s.setString(1, departure.account().hex());
                s.setString(2, departure.toRoutingId().hex());
                s.setLong(3, departure.serial());
                s.setBytes(4, departure.recordJson());
                s.setLong(5, Columns.micros(departure.movedAt()));
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<Departure> departure(Sha256 account) {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT to_routing_id, serial, record_json, moved_at_us"
                    + " FROM departures WHERE account = ?")) {
                s.setString(1, account.hex());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(new Departure(account, Columns.sha256(rs, "to_routing_id"),
                            rs.getLong("serial"), rs.getBytes("record_json"),
                            Columns.instant(rs.getLong("moved_at_us")))) : Optional.empty();
                }
            }
        });
    }
}
