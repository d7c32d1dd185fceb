package org.mailv2.client.core.send;

import org.mailv2.protocol.address.Address;

/**
 * What became of one recipient's copy: how admission was paid (stamp bits, or 0 with a permit) and whether the own
 * server accepted it ({@code DELIVERED}) or could not be reached, so the copy waits in the local outbox
 * ({@code QUEUED}).
 */
public record Delivery(Address recipient, String messageId, int stampBits, Outcome outcome, String refusal) {
    /** {@code REFUSED}: the own server refused this copy at once; {@code refusal} holds the stable code. */
    public enum Outcome { DELIVERED, QUEUED, REFUSED }

    public Delivery(Address recipient, String messageId, int stampBits, Outcome outcome) {
        this(recipient, messageId, stampBits, outcome, null);
    }
}
