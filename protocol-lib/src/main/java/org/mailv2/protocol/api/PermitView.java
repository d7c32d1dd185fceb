package org.mailv2.protocol.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.mailv2.protocol.permit.Permit;

/** A permit as its issuer's server reports it; {@code revokedAt} is absent while it is active. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PermitView(Permit permit, Instant revokedAt) {
}
