package org.mailv2.protocol.resolver;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
    private final Map<Sha256, List<KeyChange>> keyChanges = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryResolver(RecordRules rules) {
        this(rules, Clock.systemUTC());
    }

    public InMemoryResolver(RecordRules rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
    }

    /** @throws org.mailv2.protocol.error.ProtocolException when {@link RecordRules#checkAddress} refuses it */
    public synchronized void publish(AddressRecord record, Stamp creationStamp) {
        AddressRecord stored = addresses.get(record.addressHash());
        rules.checkAddress(stored, record, creationStamp);
        addresses.put(record.addressHash(), record);
        if (stored == null || !stored.signingKey().equals(record.signingKey())) {
            keyChanges.computeIfAbsent(record.addressHash(), h -> new ArrayList<>())
                    .add(new KeyChange(record, clock.instant()));
        }
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

    @Override
    public synchronized List<KeyChange> keyChanges(Sha256 addressHash) {
        return List.copyOf(keyChanges.getOrDefault(addressHash, List.of()));
    }
}
