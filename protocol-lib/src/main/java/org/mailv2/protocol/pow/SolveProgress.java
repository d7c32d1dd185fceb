package org.mailv2.protocol.pow;

import java.time.Duration;

/** A solver's progress: tries done so far, the rate, and the expected time left for the remaining work. */
public record SolveProgress(long triesDone, double triesPerSecond, double expectedTries) {
    /** Expected time to a solution from now (the search is memoryless, so it does not shrink with tries done). */
    public Duration expectedTimeLeft() {
        if (triesPerSecond <= 0) {
            return Duration.ZERO;
        }
        return Duration.ofMillis((long) (1000 * expectedTries / triesPerSecond));
    }
}
