package org.mailv2.server.e2e;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits, with a deadline, for something another process or thread does (a relay delivering, say). */
final class Eventually {
    private Eventually() {
    }

    static <T> T await(Duration limit, Callable<T> probe, java.util.function.Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        T value = probe.call();
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + limit + "; last value: " + value);
            }
            Thread.sleep(50);
            value = probe.call();
        }
        return value;
    }
}
