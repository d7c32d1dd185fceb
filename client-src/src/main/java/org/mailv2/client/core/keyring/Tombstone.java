package org.mailv2.client.core.keyring;

import java.time.Instant;

/**
 * A shared entry this vault removed — a subscription, a subscriber of a list it runs — and when: merging with another
 * device's state keeps it removed rather than bringing it back. {@code key} is the entry's identity, as
 * {@link SharedState} spells it.
 */
public record Tombstone(String kind, String key, Instant at) {
}
