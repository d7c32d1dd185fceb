package org.mailv2.protocol.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.resolver.AddressRecord;

/**
 * {@code POST /api/v1/accounts}: the account's first address record (routing to this server), the proof of work
 * over it, and an invitation token where registration is by invitation.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegisterRequest(AddressRecord record, Stamp stamp, String invitation) {
}
