package org.mailv2.client.core.send;

import org.mailv2.protocol.address.Address;

/**
 * What became of one recipient's copy: how admission was paid (stamp bits, or 0 with a permit) and whether the own
 * server accepted it ({@code DELIVERED}), could not take it now so the copy waits in the local outbox
 * ({@code QUEUED}: a rate limit, a failing or full server, the network), or refused it for good ({@code REFUSED}).
 * {@code reason} is the stable code of a refusal, or why a copy waits ({@link Pacing#UNREACHABLE} for the network);
 * null for a delivered copy. {@code recipient} is null only for a waiting copy written before the outbox recorded
 * recipients.
 */
public record Delivery(Address recipient, String messageId, int stampBits, Outcome outcome, String reason) {
    public enum Outcome { DELIVERED, QUEUED, REFUSED }

    public Delivery(Address recipient, String messageId, int stampBits, Outcome outcome) {
        this(recipient, messageId, stampBits, outcome, null);
    }

    /** The stable code of a refusal; null unless {@code REFUSED}. */
    public String refusal() {
        return outcome == Outcome.REFUSED ? reason : null;
    }
}
