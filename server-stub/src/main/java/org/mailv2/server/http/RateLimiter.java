package org.mailv2.server.http;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.mailv2.protocol.error.ProtocolException;

/** Requests per minute per key (an IP or an account), in fixed one-minute windows; memory is bounded by pruning. */
final class RateLimiter {
    private static final int MAX_KEYS = 100_000;

    private final int perMinute;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long minute, AtomicInteger count) {
    }

    RateLimiter(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** @throws ProtocolException {@code rate_limited} past the limit for this minute, saying when the next begins */
    void acquire(String key) {
        long now = clock.millis();
        long minute = now / 60_000;
        if (windows.size() > MAX_KEYS) {
            windows.values().removeIf(w -> w.minute() < minute);
        }
        Window window = windows.compute(key, (k, w) -> w == null || w.minute() != minute
                ? new Window(minute, new AtomicInteger()) : w);
        if (window.count().incrementAndGet() > perMinute) {
            throw new RateLimited(Duration.ofMillis((minute + 1) * 60_000 - now));
        }
    }
}
