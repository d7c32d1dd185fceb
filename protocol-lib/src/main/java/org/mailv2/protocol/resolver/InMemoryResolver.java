package org.mailv2.protocol.resolver;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.pow.Stamp;

/** A resolver held in memory that applies {@link RecordRules} on every publish; a test fake and a reference. */
public final class InMemoryResolver implements Resolver {
    private final RecordRules rules;
    private final Map<Sha256, AddressRecord> addresses = new ConcurrentHashMap<>();
    private final Map<Sha256, RoutingRecord> routings = new ConcurrentHashMap<>();
    private final Map<Sha256, OrganisationRecord> organisations = new ConcurrentHashMap<>();

    public InMemoryResolver(RecordRules rules) {
        this.rules = rules;
    }

    /** @throws org.mailv2.protocol.error.ProtocolException when {@link RecordRules#checkAddress} refuses it */
    public synchronized void publish(AddressRecord record, Stamp creationStamp) {
        rules.checkAddress(addresses.get(record.addressHash()), record, creationStamp);
        addresses.put(record.addressHash(), record);
    }

    public synchronized void publish(RoutingRecord record) {
        rules.checkRouting(routings.get(record.routingId()), record);
        routings.put(record.routingId(), record);
    }

    public synchronized void publish(OrganisationRecord record, Stamp creationStamp) {
        rules.checkOrganisation(organisations.get(record.organisationHash()), record, creationStamp);
        organisations.put(record.organisationHash(), record);
    }

    @Override
    public Optional<AddressRecord> address(Sha256 addressHash) {
        return Optional.ofNullable(addresses.get(addressHash));
    }

    @Override
    public Optional<RoutingRecord> routing(Sha256 routingId) {
        return Optional.ofNullable(routings.get(routingId));
    }

    @Override
    public Optional<OrganisationRecord> organisation(Sha256 organisationHash) {
        return Optional.ofNullable(organisations.get(organisationHash));
    }
}
