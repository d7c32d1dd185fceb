package org.mailv2.protocol.api;

import java.util.List;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.resolver.KeyChain;
import org.mailv2.protocol.resolver.KeyChange;

/** The answer of {@code GET /api/v1/records/address/{hash}/keys}: an address's key changes, oldest first. */
public record KeyChanges(List<KeyChange> changes) {
    public KeyChanges {
        if (changes == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "key changes missing");
        }
        if (changes.size() > KeyChain.MAX_CHANGES) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "more than " + KeyChain.MAX_CHANGES + " key changes");
        }
        changes = List.copyOf(changes);
    }
}
