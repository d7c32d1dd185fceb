package org.mailv2.server.store.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.KeyChain;
import org.mailv2.protocol.resolver.KeyChange;
import org.mailv2.protocol.resolver.OrganisationRecord;
import org.mailv2.protocol.resolver.RoutingRecord;
import org.mailv2.server.store.RecordStore;
import org.mailv2.server.store.StoreException;

/**
 * Resolver records as canonical JSON, one table per kind, the serial in its own column. A put is one statement: an
 * {@code INSERT ... ON CONFLICT DO NOTHING} for a first record, else {@code UPDATE ... WHERE key = ? AND serial = ?};
 * its update count says whether this caller won. Under PostgreSQL's READ COMMITTED a racing UPDATE waits for the
 * winner, re-reads the row, no longer matches the serial and changes nothing.
 *
 * <p>All methods throw {@link StoreException} when the database fails; reads throw
 * {@link org.mailv2.protocol.error.ProtocolException} when a stored record no longer parses. Puts throw
 * {@link IllegalArgumentException} when the record's serial is not above {@code previousSerial}, or
 * {@code previousSerial} is negative.
 */
final class SqlRecordStore implements RecordStore {
    private static final Table ADDRESS = new Table("address_records", "address_hash");
    private static final Table ROUTING = new Table("routing_records", "routing_id");
    private static final Table ORGANISATION = new Table("organisation_records", "organisation_hash");

    /** Every delivery reads its sender's and its recipient's record; the relay reads routing records. */
    private static final int PARSED_CAPACITY = 10_000;

    private final Transactions tx;
    private final ParsedRecords<AddressRecord> addresses = new ParsedRecords<>(AddressRecord::parse, PARSED_CAPACITY);
    private final ParsedRecords<RoutingRecord> routings = new ParsedRecords<>(RoutingRecord::parse, PARSED_CAPACITY);

    SqlRecordStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<AddressRecord> address(Sha256 addressHash) {
        return find(ADDRESS, addressHash, addresses::parse);
    }

    @Override
    public boolean putAddress(AddressRecord record, long previousSerial) {
        return put(ADDRESS, record.addressHash(), record.serial(), record.toJson(), previousSerial);
    }

    @Override
    public void addKeyChange(KeyChange change) {
        AddressRecord record = change.record();
        tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO address_key_changes (address_hash, serial,"
                    + " record_json, published_at_us) VALUES (?, ?, ?, ?) ON CONFLICT (address_hash, serial) DO NOTHING")) {
                s.setString(1, record.addressHash().hex());
                s.setLong(2, record.serial());
                s.setBytes(3, record.toJson());
                s.setLong(4, Columns.micros(change.publishedAt()));
                return s.executeUpdate();
            }
        });
    }

    @Override
    public List<KeyChange> keyChanges(Sha256 addressHash) {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT record_json, published_at_us FROM address_key_changes"
                    + " WHERE address_hash = ? ORDER BY serial LIMIT " + KeyChain.MAX_CHANGES)) {
                s.setString(1, addressHash.hex());
                List<KeyChange> changes = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        changes.add(new KeyChange(AddressRecord.parse(rs.getBytes(1)), Columns.instant(rs.getLong(2))));
                    }
                }
                return changes;
            }
        });
    }

    @Override
    public Optional<RoutingRecord> routing(Sha256 routingId) {
        return find(ROUTING, routingId, routings::parse);
    }

    @Override
    public boolean putRouting(RoutingRecord record, long previousSerial) {
        return put(ROUTING, record.routingId(), record.serial(), record.toJson(), previousSerial);
    }

    @Override
    public Optional<OrganisationRecord> organisation(Sha256 organisationHash) {
        return find(ORGANISATION, organisationHash, OrganisationRecord::parse);
    }

    @Override
    public boolean putOrganisation(OrganisationRecord record, long previousSerial) {
        return put(ORGANISATION, record.organisationHash(), record.serial(), record.toJson(), previousSerial);
    }

    private <R> Optional<R> find(Table table, Sha256 key, Function<byte[], R> parse) {
        byte[] json = tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT record_json FROM " + table.name + " WHERE " + table.key + " = ?")) {
                s.setString(1, key.hex());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : null;
                }
            }
        });
        return json == null ? Optional.empty() : Optional.of(parse.apply(json));
    }

    private boolean put(Table table, Sha256 key, long serial, byte[] json, long previousSerial) {
        if (previousSerial < 0 || serial <= previousSerial) {
            throw new IllegalArgumentException("a record's serial must grow: " + serial + " after " + previousSerial);
        }
        return tx.write(c -> {
            String sql = previousSerial == 0
                    ? "INSERT INTO " + table.name + " (" + table.key + ", serial, record_json) VALUES (?, ?, ?)"
                            + " ON CONFLICT (" + table.key + ") DO NOTHING"
                    : "UPDATE " + table.name + " SET serial = ?, record_json = ? WHERE " + table.key + " = ?"
                            + " AND serial = ?";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                if (previousSerial == 0) {
                    s.setString(1, key.hex());
                    s.setLong(2, serial);
                    s.setBytes(3, json);
                } else {
                    s.setLong(1, serial);
                    s.setBytes(2, json);
                    s.setString(3, key.hex());
                    s.setLong(4, previousSerial);
                }
                return s.executeUpdate() == 1;
            }
        });
    }

    /** A record table and its key column; constants only, never input. */
    private record Table(String name, String key) {
    }
}
