package org.mailv2.server.store;

import java.time.Instant;
import java.util.Objects;
import org.mailv2.protocol.digest.Sha256;

/** What a recipient decided about one sender: allowed past its screener, or blocked. */
public record SenderRule(Sha256 recipient, Sha256 sender, Kind kind, Instant since) {
    /** A sender is allowed (its stamped mail goes to the inbox) or blocked (its mail is refused), never both. */
    public enum Kind { ALLOW, BLOCK }

    public SenderRule {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(since, "since");
    }
}
