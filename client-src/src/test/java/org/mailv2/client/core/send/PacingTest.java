package org.mailv2.client.core.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.error.ErrorCode;

/** A rate limit met by copies going out in parallel is waited out once, by all of them, within one budget. */
class PacingTest {
    private static ApiException rateLimited(Duration retryAfter) {
        return new ApiException(ErrorCode.RATE_LIMITED, 429, "slow down", null, retryAfter);
    }

    @Test
    void copiesThatMeetTheLimitTogetherShareOneWaitAndAskNothingMeanwhile() throws Exception {
        List<Thread> copies = new CopyOnWriteArrayList<>();
        List<Duration> pauses = new CopyOnWriteArrayList<>();
        // The budget fits one 20-second wait: six waits charged one by one would leave five copies held.
        Pacing pacing = new Pacing(Duration.ofSeconds(30), d -> {
            pauses.add(d);
            // The wait lasts until every other copy (and the next request) waits with it.
            while (copies.size() < 7 || copies.stream().filter(t -> t != Thread.currentThread())
                    .anyMatch(t -> t.getState() != Thread.State.WAITING)) {
                Thread.sleep(5);
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(7);
        List<Future<Boolean>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(pool.submit(() -> {
                copies.add(Thread.currentThread());
                return pacing.waitOut(rateLimited(Duration.ofSeconds(20)));
            }));
        }
        while (pauses.isEmpty()) {
            Thread.sleep(5);
        }
        Future<?> nextRequest = pool.submit(() -> {
            copies.add(Thread.currentThread());
            pacing.awaitTurn();
            return null;
        });
        for (Future<Boolean> a : answers) {
            assertThat(a.get(30, TimeUnit.SECONDS)).as("try the copy again").isTrue();
        }
        nextRequest.get(30, TimeUnit.SECONDS);
        pool.shutdown();

        assertThat(pauses).containsExactly(Duration.ofSeconds(20));
        assertThat(pacing.holding()).isNull();
    }

    @Test
    void aLimitPastTheBudgetOrAnyOtherPassingErrorHoldsTheRestOfTheGo() throws Exception {
        Pacing pacing = new Pacing(Duration.ofSeconds(30), d -> { });
        assertThat(pacing.waitOut(rateLimited(Duration.ofSeconds(20)))).isTrue();
        assertThat(pacing.waitOut(rateLimited(Duration.ofSeconds(20)))).as("past the budget").isFalse();
        assertThat(pacing.holding()).isEqualTo("rate_limited");

        Pacing unreachable = new Pacing(Duration.ofSeconds(30), d -> { });
        assertThat(unreachable.waitOut(new IOException("connection reset"))).isFalse();
        assertThat(unreachable.holding()).isEqualTo(Pacing.UNREACHABLE);
        assertThat(unreachable.waitOut(rateLimited(Duration.ofSeconds(1)))).as("held stays held").isFalse();
    }
}
