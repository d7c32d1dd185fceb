package org.mailv2.server.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mailv2.protocol.digest.Sha256;

/**
 * The relay's memory of where recipients live (address hash to routing id), for {@code ttl}: a busy relay asks the
 * resolver once per recipient and period instead of once per copy. A {@code moved} answer from the recipient's old
 * server drops the entry, so the next try resolves the address again (protocol §7.6). Bounded: when full, it is
 * emptied.
 */
final class RouteCache {
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(Sha256 routingId, Instant until) {
    }

    private final Duration ttl;
    private final Clock clock;
    private final Map<Sha256, Entry> entries = new ConcurrentHashMap<>();

    RouteCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The routing id remembered for {@code recipient}, or null (never remembered, expired, or forgotten). */
    Sha256 get(Sha256 recipient) {
        Entry e = entries.get(recipient);
        if (e == null) {
            return null;
        }
        if (!clock.instant().isBefore(e.until())) {
            entries.remove(recipient, e);
            return null;
        }
        return e.routingId();
    }

    void put(Sha256 recipient, Sha256 routingId) {
        if (ttl.isZero() || ttl.isNegative()) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(recipient, new Entry(routingId, clock.instant().plus(ttl)));
    }

    void forget(Sha256 recipient) {
        entries.remove(recipient);
    }
}
