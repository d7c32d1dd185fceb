package org.mailv2.client.core.send;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
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
    private volatile String holding;
    /** The rate-limit wait in progress, if any: copies going out in parallel join it instead of each starting one. */
    private CountDownLatch waiting;

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
     * holds the rest of the go and answers false. A rate limit met while another copy of the go already waits one out
     * joins that wait (and costs the budget nothing more): the server's limit is per account, not per copy.
     *
     * @throws InterruptedIOException when the thread is interrupted while it waits (the copy stays queued)
     */
    boolean waitOut(IOException passing) throws InterruptedIOException {
        Duration retryAfter = passing instanceof ApiException answer ? answer.retryAfter() : null;
        CountDownLatch joined;
        synchronized (this) {
            if (holding != null) {
                return false;
            }
            if (retryAfter == null || (waiting == null && retryAfter.compareTo(waitLeft) > 0)) {
                holding = reason(passing);
                return false;
            }
            joined = waiting;
            if (joined == null) {
                waitLeft = waitLeft.minus(retryAfter);
                waiting = new CountDownLatch(1);
            }
        }
        if (joined != null) {
            await(joined, passing);
            return holding == null;
        }
        try {
            pause.pause(retryAfter);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            holding = reason(passing);
            throw new InterruptedIOException("interrupted while waiting for the server's rate limit");
        } finally {
            CountDownLatch done;
            synchronized (this) {
                done = waiting;
                waiting = null;
            }
            done.countDown();
        }
        return true;
    }

    /**
     * Before a request: while another copy of the go waits out a rate limit, waits with it, so that no request of
     * the go reaches the server before the time it named.
     *
     * @throws InterruptedIOException when the thread is interrupted while it waits
     */
    void awaitTurn() throws InterruptedIOException {
        CountDownLatch current;
        synchronized (this) {
            current = waiting;
        }
        if (current != null) {
            await(current, null);
        }
    }

    private void await(CountDownLatch wait, IOException passing) throws InterruptedIOException {
        try {
            wait.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            if (passing != null) {
                holding = reason(passing);
            }
            throw new InterruptedIOException("interrupted while waiting for the server's rate limit");
        }
    }

    /** A passing failure in words: the server's stable code, or {@link #UNREACHABLE} for the network. */
    static String reason(IOException passing) {
        return passing instanceof ApiException answer ? answer.code().wire() : UNREACHABLE;
    }
}
