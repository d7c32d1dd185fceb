package org.mailv2.server.service;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.KeyChange;
import org.mailv2.protocol.resolver.OrganisationRecord;
import org.mailv2.protocol.resolver.RecordRules;
import org.mailv2.protocol.resolver.Resolver;
import org.mailv2.protocol.resolver.RoutingRecord;
import org.mailv2.server.store.Database;

/**
 * The resolver role: checks records by {@link RecordRules}, spends creation stamps, and stores with compare-and-set
 * on the serial, all in one transaction; a record that brings a new signing key is also kept in the address's key
 * history.
 */
public final class RecordService implements Resolver {
    private final Database db;
    private final RecordRules rules;
    private final Clock clock;

    public RecordService(Database db, RecordRules rules, Clock clock) {
        this.db = db;
        this.rules = rules;
        this.clock = clock;
    }

    /** @throws ProtocolException as {@link RecordRules#checkAddress}, or {@code stamp_replayed}, {@code stale_serial} */
    public void publish(AddressRecord record, Stamp creationStamp) {
        db.inTransaction(() -> {
            AddressRecord stored = db.records().address(record.addressHash()).orElse(null);
            rules.checkAddress(stored, record, creationStamp);
            if (record.organisationHash() != null) {
                // The resolver refuses a membership the organisation did not sign; correspondents check it too.
                record.requireMemberOf(db.records().organisation(record.organisationHash()).orElseThrow(() ->
                        new ProtocolException(ErrorCode.FORBIDDEN, "no such organisation")));
            }
            if (stored == null) {
                Stamps.spend(db.stamps(), creationStamp);
            }
            requireWon(db.records().putAddress(record, stored == null ? 0 : stored.serial()));
            if (stored == null || !stored.signingKey().equals(record.signingKey())) {
                db.records().addKeyChange(new KeyChange(record, clock.instant()));
            }
            return null;
        });
    }

    public void publish(RoutingRecord record) {
        db.inTransaction(() -> {
            RoutingRecord stored = db.records().routing(record.routingId()).orElse(null);
            rules.checkRouting(stored, record);
            requireWon(db.records().putRouting(record, stored == null ? 0 : stored.serial()));
            return null;
        });
    }

    public void publish(OrganisationRecord record, Stamp creationStamp) {
        db.inTransaction(() -> {
            OrganisationRecord stored = db.records().organisation(record.organisationHash()).orElse(null);
            rules.checkOrganisation(stored, record, creationStamp);
            if (stored == null) {
                Stamps.spend(db.stamps(), creationStamp);
            }
            requireWon(db.records().putOrganisation(record, stored == null ? 0 : stored.serial()));
            return null;
        });
    }

    @Override
    public Optional<AddressRecord> address(Sha256 addressHash) {
        return db.records().address(addressHash);
    }

    /** Every record that brought the address a signing key, oldest first: what a chain walk needs. */
    @Override
    public List<KeyChange> keyChanges(Sha256 addressHash) {
        return db.records().keyChanges(addressHash);
    }

    @Override
    public Optional<RoutingRecord> routing(Sha256 routingId) {
        return db.records().routing(routingId);
    }

    @Override
    public Optional<OrganisationRecord> organisation(Sha256 organisationHash) {
        return db.records().organisation(organisationHash);
    }

    private static void requireWon(boolean won) {
        if (!won) {
            throw new ProtocolException(ErrorCode.STALE_SERIAL, "the record changed meanwhile");
        }
    }
}
