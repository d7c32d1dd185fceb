package org.mailv2.protocol.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.resolver.OrganisationRecord;

/** {@code PUT /api/v1/records/organisation/{hash}}: a record, with a creation stamp when it is the first one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrganisationRecordSubmission(OrganisationRecord record, Stamp creationStamp) {
}
