package org.mailv2.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

class RateLimiterTest {
    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-11-28T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void allowsTheLimitPerMinutePerKeyThenRefusesUntilTheNextMinute() {
        HandClock clock = new HandClock();
        RateLimiter limiter = new RateLimiter(3, clock);
        for (int i = 0; i < 3; i++) {
            limiter.acquire("10.0.0.1");
        }
        assertThatThrownBy(() -> limiter.acquire("10.0.0.1")).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.RATE_LIMITED);
        limiter.acquire("10.0.0.2");
        clock.now = clock.now.plusSeconds(60);
        limiter.acquire("10.0.0.1");
        assertThat(Problems.status(ErrorCode.RATE_LIMITED)).isEqualTo(429);
    }

    @Test
    void aRefusalSaysWhenTheNextWindowOpensInWholeSecondsRoundedUp() {
        HandClock clock = new HandClock();
        clock.now = clock.now.plusMillis(17_300); // 42.7 s before the next minute
        RateLimiter limiter = new RateLimiter(1, clock);
        limiter.acquire("alice");
        assertThatThrownBy(() -> limiter.acquire("alice")).isInstanceOf(RateLimited.class)
                .extracting(e -> ((RateLimited) e).retryAfterSeconds()).isEqualTo(43L);
        clock.now = clock.now.plusMillis(42_699);
        assertThatThrownBy(() -> limiter.acquire("alice")).isInstanceOf(RateLimited.class)
                .extracting(e -> ((RateLimited) e).retryAfterSeconds()).isEqualTo(1L);
        clock.now = clock.now.plusMillis(1);
        limiter.acquire("alice");
    }
}
