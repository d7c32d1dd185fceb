package org.mailv2.client.core.session;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.mailv2.protocol.api.NewMailEvent;
import org.mailv2.protocol.api.NewMailListener;

/**
 * Follows the own server's new-mail stream and keeps following it: when the stream fails it is opened again after
 * 1 s, then 2, 4, … up to a minute, and the backoff starts over once the server accepted a stream. Whoever listens hears of new
 * mail, of each stream that opened (a moment to sync what may have arrived meanwhile) and of each failure with the
 * wait before the next try. Calls arrive on the stream's or the timer's thread.
 */
public final class LiveMail implements AutoCloseable {
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LONGEST_RETRY = Duration.ofMinutes(1);

    /** What a face does with the stream's news. */
    public interface Listener {
        void newMail(NewMailEvent event);

        /** A stream opened: mail may have arrived while there was none. */
        void connected();

        /** Another device changed the mailbox (moved, flagged, deleted, sent): a sync round follows the change log. */
        default void changed() {
        }

        /** The stream failed (or could not be opened); the next try is in {@code retryIn}. */
        void disconnected(Exception why, Duration retryIn);
    }

    private final ClientSession session;
    private final ScheduledExecutorService timers;
    private final Listener listener;
    private Duration nextRetry = FIRST_RETRY;
    private AutoCloseable stream;
    private boolean closed;
    private long generation;

    public LiveMail(ClientSession session, ScheduledExecutorService timers, Listener listener) {
        this.session = session;
        this.timers = timers;
        this.listener = listener;
    }

    /** Opens the stream in the background. */
    public synchronized void start() {
        long mine = ++generation;
        timers.execute(() -> open(mine));
    }

    private void open(long mine) {
        AutoCloseable opened;
        try {
            long after = session.cache().cursor(session.account(), "inbox");
            opened = session.connection().server().events(after, new NewMailListener() {
                @Override
                public void onOpen() {
                    if (current(mine)) {
                        synchronized (LiveMail.this) {
                            nextRetry = FIRST_RETRY;
                        }
                        listener.connected();
                    }
                }

                @Override
                public void onNewMail(NewMailEvent event) {
                    if (current(mine)) {
                        listener.newMail(event);
                    }
                }

                @Override
                public void onChanged() {
                    if (current(mine)) {
                        listener.changed();
                    }
                }

                @Override
                public void onClosed(Exception failure) {
                    if (failure != null) {
                        failed(mine, failure);
                    }
                }
            });
        } catch (Exception failure) {
            failed(mine, failure);
            return;
        }
        synchronized (this) {
            if (closed || mine != generation) {
                quietly(opened);
                return;
            }
            stream = opened;
        }
    }

    private synchronized boolean current(long mine) {
        return !closed && mine == generation;
    }

    private void failed(long mine, Exception why) {
        Duration wait;
        synchronized (this) {
            if (closed || mine != generation) {
                return;
            }
            quietly(stream);
            stream = null;
            wait = nextRetry;
            nextRetry = nextRetry.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY
                    : nextRetry.multipliedBy(2);
        }
        listener.disconnected(why, wait);
        timers.schedule(() -> {
            if (current(mine)) {
                open(mine);
            }
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops following (another account, or quitting); a later {@link #start} follows again. */
    public synchronized void stop() {
        generation++;
        quietly(stream);
        stream = null;
        nextRetry = FIRST_RETRY;
    }

    @Override
    public synchronized void close() {
        closed = true;
        stop();
    }

    private static void quietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // closing a stream that already failed
        }
    }
}
