package org.mailv2.protocol.resolver;

import java.io.IOException;
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
}
