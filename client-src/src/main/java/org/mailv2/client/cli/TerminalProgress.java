package org.mailv2.client.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import org.mailv2.client.core.account.TransferProgress;
import org.mailv2.protocol.pow.SolveProgress;

/**
 * Progress on one line of a terminal (standard error), rewritten in place at most ten times a second and cleared when
 * done; silent when the command does not run on a terminal, so scripts and pipes see only the results.
 */
final class TerminalProgress implements AutoCloseable {
    private static final long EVERY_NANOS = 100_000_000;

    private final PrintWriter err;
    private final boolean enabled;
    private long shownAt;
    private int shownWidth;

    TerminalProgress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** Progress on the command's standard error when both ends of the command are a terminal. */
    static TerminalProgress on(PrintWriter err) {
        return new TerminalProgress(err, System.console() != null);
    }

    /** A stamp being solved: the rate and the expected time left. */
    void stamp(SolveProgress p) {
        show(line(p));
    }

    static String line(SolveProgress p) {
        Duration left = p.expectedTimeLeft();
        return String.format(Locale.ROOT, "proof of work: %.1f MH/s, %s left", p.triesPerSecond() / 1e6,
                left.toSeconds() >= 1 ? "about " + left.toSeconds() + " s" : "less than a second");
    }

    /** Bytes moving to or from the server: "uploading to bob!: 12.0 of 64.0 MiB (19 %)". */
    void transfer(String what, long done, long total) {
        show(TransferProgress.line(what, done, total) + " (" + (total <= 0 ? 100 : done * 100 / total) + " %)");
    }

    /** Any other step (sealing for bob!, submitting, …). */
    void step(String what) {
        show(what);
    }

    private synchronized void show(String text) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - shownAt < EVERY_NANOS) {
            return;
        }
        shownAt = now;
        String padded = text.length() < shownWidth ? text + " ".repeat(shownWidth - text.length()) : text;
        shownWidth = text.length();
        err.print("\r" + padded);
        err.flush();
    }

    /** Clears the line. */
    @Override
    public synchronized void close() {
        if (enabled && shownWidth > 0) {
            err.print("\r" + " ".repeat(shownWidth) + "\r");
            err.flush();
            shownWidth = 0;
        }
    }
}
