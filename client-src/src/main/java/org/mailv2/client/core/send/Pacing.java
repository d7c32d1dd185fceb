package org.mailv2.client.core.send;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;
import org.mailv2.protocol.api.ApiException;

/**
 * How one go of copies (a send, a list post, a flush of the outbox) treats the own server's passing errors: a rate
 * limit whose {@code Retry-After} fits into what is left of the go's waiting budget is waited out and the copy tried
 * again; any other passing error (or a longer wait) holds the rest of the go, so its copies are queued in the local
 * outbox without another request. Nothing hammers a server that said "not now"; the next command, {@code mailv2
 * sync} or the TUI's sync tries the waiting copies again.
 */
public final class Pacing {
    /** What a send may wait in total for the own server's rate limit before it leaves the rest queued. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
    /** The reason a copy waits when the server gave no answer at all. */
    public static final String UNREACHABLE = "unreachable";

    /** Waits; a parameter so tests never sleep. */
    @FunctionalInterface
    public interface Pause {
        Pause SLEEP = d -> Thread.sleep(d.toMillis());

        void pause(Duration duration) throws InterruptedException;
    }

    private final Pause pause;
    private Duration waitLeft;
    private String holding;

    public Pacing(Duration maxWait, Pause pause) {
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("a negative wait");
        }
        this.waitLeft = maxWait;
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    /** Why this go holds its remaining copies (a stable code, or {@link #UNREACHABLE}); null while it tries them. */
    String holding() {
        return holding;
    }

    /**
     * After a passing failure: waits out a rate limit that fits the budget and answers true (try the copy again), or
     * holds the rest of the go and answers false.
     *
     * @throws InterruptedIOException when the thread is interrupted while it waits (the copy stays queued)
     */
    boolean waitOut(IOException passing) throws InterruptedIOException {
        Duration retryAfter = passing instanceof ApiException answer ? answer.retryAfter() : null;
        if (retryAfter == null || retryAfter.compareTo(waitLeft) > 0) {
            holding = reason(passing);
            return false;
        }
        waitLeft = waitLeft.minus(retryAfter);
        try {
            pause.pause(retryAfter);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            holding = reason(passing);
            throw new InterruptedIOException("interrupted while waiting for the server's rate limit");
        }
        return true;
    }

    /** A passing failure in words: the server's stable code, or {@link #UNREACHABLE} for the network. */
    static String reason(IOException passing) {
        return passing instanceof ApiException answer ? answer.code().wire() : UNREACHABLE;
    }
}
