package org.mailv2.protocol.api;

import java.time.Instant;
import java.util.Objects;
import org.mailv2.protocol.digest.Sha256;

/** A sender on an account's allow list or block list (its server knows senders by address hash only). */
public record SenderRuleView(Sha256 senderHash, Instant since) {
    public SenderRuleView {
        Objects.requireNonNull(senderHash, "senderHash");
        Objects.requireNonNull(since, "since");
    }
}
