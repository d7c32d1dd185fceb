package org.mailv2.protocol.resolver;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.mailv2.protocol.digest.Sha256;

/**
 * Looks up signed records by hash. A resolver can withhold records but not forge them: callers verify every record
 * ({@code verifySelf}) and pin keys on first use.
 */
public interface Resolver {
    /** @throws IOException when the resolver cannot be reached */
    Optional<AddressRecord> address(Sha256 addressHash) throws IOException;

    /** @throws IOException when the resolver cannot be reached */
    Optional<RoutingRecord> routing(Sha256 routingId) throws IOException;

    /** @throws IOException when the resolver cannot be reached */
    Optional<OrganisationRecord> organisation(Sha256 organisationHash) throws IOException;

    /**
     * The records that brought the address a signing key (its first record and each rotation), for walking a
     * {@link KeyChain} from an older pinned key. A resolver that keeps no history answers an empty list: a walk then
     * fails safe, showing a key change.
     *
     * @throws IOException when the resolver cannot be reached
     */
    default List<KeyChange> keyChanges(Sha256 addressHash) throws IOException {
        return List.of();
    }
}
