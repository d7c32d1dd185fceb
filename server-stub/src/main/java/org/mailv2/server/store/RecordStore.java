package org.mailv2.server.store;

import java.util.List;
import java.util.Optional;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.KeyChange;
import org.mailv2.protocol.resolver.OrganisationRecord;
import org.mailv2.protocol.resolver.RoutingRecord;

/**
 * Resolver records, stored as their canonical JSON. Writes are compare-and-set on the serial, so two replicas that
 * race to update one record cannot both win.
 */
public interface RecordStore {
    Optional<AddressRecord> address(Sha256 addressHash);

    /**
     * @param previousSerial the serial the caller checked the update against, or 0 for a first record
     * @return false when the stored serial is no longer {@code previousSerial} (nothing is changed)
     * @throws IllegalArgumentException when the record's serial is not above {@code previousSerial} (the puts below
     *                                  likewise)
     */
    boolean putAddress(AddressRecord record, long previousSerial);

    /**
     * Keeps a record that brought its address a signing key (a first record or a rotation); a second change with the
     * same serial is ignored (the record store's compare-and-set decides which one won).
     */
    void addKeyChange(KeyChange change);

    /** The address's key changes, oldest first. */
    List<KeyChange> keyChanges(Sha256 addressHash);

    Optional<RoutingRecord> routing(Sha256 routingId);

    /** @return false when the stored serial is no longer {@code previousSerial} */
    boolean putRouting(RoutingRecord record, long previousSerial);

    Optional<OrganisationRecord> organisation(Sha256 organisationHash);

    /** @return false when the stored serial is no longer {@code previousSerial} */
    boolean putOrganisation(OrganisationRecord record, long previousSerial);
}
