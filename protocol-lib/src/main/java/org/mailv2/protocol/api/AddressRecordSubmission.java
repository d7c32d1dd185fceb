package org.mailv2.protocol.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.resolver.AddressRecord;

/** {@code PUT /api/v1/records/address/{hash}}: a record, with a creation stamp when it is the first one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AddressRecordSubmission(AddressRecord record, Stamp creationStamp) {
}
