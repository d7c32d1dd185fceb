package org.mailv2.server.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.mailv2.protocol.api.ApiException;

/**
 * A client that submits sealed copies one after another to a server that may die under it: each copy is sealed once
 * and handed over, unchanged, until the server acknowledges it (the server is idempotent by message id). After a
 * failure it reconnects to wherever {@code home} says the server now listens. A refusal for good (no passing error)
 * ends the run; {@link #failure()} tells it.
 */
final class RetryingSubmitter implements Runnable {
    private static final long BACKOFF_MILLIS = 50;

    private final TestAccount sender;
    private final List<TestAccount> recipients;
    private final int count;
    private final AtomicReference<ServerEndpoint> home;
    private final Map<String, String> subjects = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
    private volatile Exception failure;
    private volatile boolean done;
    private int retries;

    /** Copy {@code i} goes to {@code recipients.get(i % size)}, with the subject "delivery i". */
    RetryingSubmitter(TestAccount sender, List<TestAccount> recipients, int count,
                      AtomicReference<ServerEndpoint> home) {
        this.sender = sender;
        this.recipients = List.copyOf(recipients);
        this.count = count;
        this.home = home;
    }

    @Override
    public void run() {
        try {
            ServerEndpoint at = home.get();
            TestAccount client = sender.at(at);
            for (int i = 0; i < count; i++) {
                String subject = "delivery " + i;
                TestAccount.Sealed sealed = sender.seal(recipients.get(i % recipients.size()), subject, subject + "\n");
                subjects.put(sealed.messageId(), subject);
                while (true) {
                    if (!home.get().equals(at)) {
                        at = home.get();
                        client = sender.at(at);
                    }
                    try {
                        client.submit(sealed);
                        break;
                    } catch (IOException e) {
                        if (!ApiException.isPassing(e)) {
                            throw e;
                        }
                        retries++;
                        Duration wait = e instanceof ApiException answered && answered.retryAfter() != null
                                ? answered.retryAfter() : Duration.ofMillis(BACKOFF_MILLIS);
                        Thread.sleep(wait.toMillis());
                    }
                }
                synchronized (this) {
                    acknowledged.add(sealed.messageId());
                    notifyAll();
                }
            }
        } catch (Exception e) {
            failure = e;
        } finally {
            synchronized (this) {
                done = true;
                notifyAll();
            }
        }
    }

    /** Waits until at least {@code n} copies are acknowledged or the run ended; @return whether n were reached */
    synchronized boolean awaitAcknowledged(int n, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (acknowledged.size() < n && !done) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("only " + acknowledged.size() + " of " + n + " acknowledged within " + limit);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return acknowledged.size() >= n;
    }

    /** The message ids the server acknowledged, in order. */
    List<String> acknowledged() {
        synchronized (acknowledged) {
            return List.copyOf(acknowledged);
        }
    }

    /** The subject of each sealed copy by message id (also those not acknowledged yet). */
    Map<String, String> subjects() {
        synchronized (subjects) {
            return Map.copyOf(subjects);
        }
    }

    /** Submissions that failed with a passing error and were tried again; read after the run. */
    synchronized int retries() {
        return retries;
    }

    Exception failure() {
        return failure;
    }
}
