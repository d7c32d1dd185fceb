package org.mailv2.server.e2e;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Waits, with a deadline, for something another process or thread does (a relay delivering, say). Polls often at
 * first and then every quarter second, so that a long wait stays well below the servers' per-IP rate limits.
 */
final class Eventually {
    private static final long FIRST_POLL_MILLIS = 25;
    private static final long MAX_POLL_MILLIS = 250;

    private Eventually() {
    }

    /** @return the first value of {@code probe} that is {@code done}; throws AssertionError after {@code limit} */
    static <T> T await(Duration limit, Callable<T> probe, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        long pause = FIRST_POLL_MILLIS;
        T value = probe.call();
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + limit + "; last value: " + value);
            }
            Thread.sleep(pause);
            pause = Math.min(MAX_POLL_MILLIS, pause * 2);
            value = probe.call();
        }
        return value;
    }
}
