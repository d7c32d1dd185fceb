package org.mailv2.server.service;

import java.util.Optional;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.OrganisationRecord;
import org.mailv2.protocol.resolver.RecordRules;
import org.mailv2.protocol.resolver.Resolver;
import org.mailv2.protocol.resolver.RoutingRecord;
import org.mailv2.server.store.Database;

/**
 * The resolver role: checks records by {@link RecordRules}, spends creation stamps, and stores with compare-and-set
 * on the serial, all in one transaction.
 */
public final class RecordService implements Resolver {
    private final Database db;
    private final RecordRules rules;

    public RecordService(Database db, RecordRules rules) {
        this.db = db;
        this.rules = rules;
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
