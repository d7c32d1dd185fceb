package org.mailv2.client.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The clock of a server's request limits, moved by the test: {@link #nextMinute()} opens the next one-minute window
 * at once. While {@link #unlimited()}, every reading is a minute later than the one before, so each request falls in
 * a window of its own (for setting up a world before the limit matters).
 */
final class RateWindows extends Clock {
    private final AtomicLong millis = new AtomicLong(Instant.parse("2026-12-01T12:00:00Z").toEpochMilli());
    private volatile boolean unlimited;

    RateWindows unlimited() {
        unlimited = true;
        return this;
    }

    /** From now on the limit holds: readings stay in this window until {@link #nextMinute()}. */
    void limited() {
        unlimited = false;
        nextMinute();
    }

    void nextMinute() {
        millis.addAndGet(60_000);
    }

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
        return Instant.ofEpochMilli(unlimited ? millis.addAndGet(60_000) : millis.get());
    }
}
