package org.mailv2.client.core.send;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import org.mailv2.protocol.address.Address;

/**
 * What makes copies one message to their readers: the RFC 5322 Message-ID (without angle brackets) and the date. Fixed
 * before the first copy is sealed, so that copies sealed later (a list post resumed after a crash) are the same message.
 */
public record MessageIdentity(String messageId, Instant date) {
    public MessageIdentity {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(date, "date");
    }

    /** A new message from {@code from}: a random Message-ID in the sender's domain, dated now to the second. */
    public static MessageIdentity fresh(Address from, Clock clock) {
        return new MessageIdentity(UUID.randomUUID() + "@" + from.canonical().replace("!", "").replace("@", "."),
                clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }
}
