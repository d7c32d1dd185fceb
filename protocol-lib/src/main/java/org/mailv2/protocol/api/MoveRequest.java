package org.mailv2.protocol.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.resolver.AddressRecord;

/**
 * {@code POST /api/v1/arrivals}: an account that lives elsewhere registers here before it moves. {@code record} is the
 * successor of the record the resolver holds now (the same keys, routing to this server, serial + 1), not yet
 * published; {@code stamp} is a creation stamp over it at this server's account bits; {@code invitation} a token of
 * this server where registration is by invitation.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MoveRequest(AddressRecord record, Stamp stamp, String invitation) {
}
