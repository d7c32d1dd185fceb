package org.mailv2.protocol.api;

import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.permit.Permit;
import org.mailv2.protocol.permit.PermitId;

/** {@code POST /api/v1/permits}: issue a permit to a sender; the server fills in recipient and date. */
public record PermitRequest(PermitId permitId, Sha256 senderHash, Permit.Purpose purpose) {
}
