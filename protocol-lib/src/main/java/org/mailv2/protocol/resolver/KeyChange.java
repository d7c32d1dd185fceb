package org.mailv2.protocol.resolver;

import java.time.Instant;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/**
 * A record that brought an address a signing key — its first record, or a rotation — as the resolver keeps it, with
 * when the resolver took it. {@code publishedAt} is the resolver's word, not signed: it bounds how long mail signed
 * by the key this record replaced is still taken as in flight, nothing more.
 */
public record KeyChange(AddressRecord record, Instant publishedAt) {
    public KeyChange {
        if (record == null || publishedAt == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a key change names its record and when it was published");
        }
    }
}
