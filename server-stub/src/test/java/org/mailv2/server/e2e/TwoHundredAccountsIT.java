package org.mailv2.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailv2.server.app.RunningServer;

/**
 * Many clients at once against one real server (TLS on 127.0.0.1, SQLite): {@value #DEFAULT_CLIENTS} clients each
 * register, then all at once each sends {@value #DEFAULT_MESSAGES} stamped message(s) to the next and reads what it
 * got. Every request succeeds (no 5xx, no refusal), every copy arrives exactly once and opens verified. Times are
 * printed, not asserted. {@code -Dmailv2.loadClients=N -Dmailv2.loadMessages=M} runs a larger load.
 */
class TwoHundredAccountsIT {
    private static final int DEFAULT_CLIENTS = 200;
    private static final int DEFAULT_MESSAGES = 1;
    private static final int CLIENTS = Integer.getInteger("mailv2.loadClients", DEFAULT_CLIENTS);
    private static final int MESSAGES = Integer.getInteger("mailv2.loadMessages", DEFAULT_MESSAGES);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void twoHundredClientsRegisterSendAndReadAtOnceAndEveryCopyArrivesOnce() throws Exception {
        Path config = servers.init("self", null, "open");
        // All clients come from 127.0.0.1: the per-IP limit would be the first thing measured.
        TestServers.editConfig(config, "requestsPerMinutePerIp: 1200", "requestsPerMinutePerIp: 1000000");
        RunningServer server = servers.restart(config);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            long started = System.nanoTime();
            List<TestAccount> accounts = all(pool, i -> TestAccount.register(server, "user" + (1000 + i) + "!"));
            long registered = System.nanoTime();

            List<Long> submitNanos = Collections.synchronizedList(new ArrayList<>());
            List<List<String>> sentTo = all(pool, i -> {
                TestAccount from = accounts.get(i);
                TestAccount to = accounts.get((i + 1) % CLIENTS);
                List<String> ids = new ArrayList<>();
                for (int m = 0; m < MESSAGES; m++) {
                    TestAccount.Sealed copy = from.seal(to, "load " + m, "message " + m + " from " + i + "\n");
                    long t = System.nanoTime();
                    from.submit(copy);
                    submitNanos.add(System.nanoTime() - t);
                    ids.add(copy.messageId());
                }
                return ids;
            });
            long sent = System.nanoTime();

            all(pool, i -> {
                TestAccount reader = accounts.get(i);
                List<String> expected = sentTo.get((i - 1 + CLIENTS) % CLIENTS);
                List<String> got = Eventually.await(WAIT, reader::receivedIds, ids -> ids.size() >= MESSAGES);
                assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(reader.read(reader.received().get(0)).message().from()).isEqualTo(
                        accounts.get((i - 1 + CLIENTS) % CLIENTS).address);
                return null;
            });
            long read = System.nanoTime();

            List<Long> sorted = new ArrayList<>(submitNanos);
            Collections.sort(sorted);
            System.out.printf("LoadIT: %d clients, %d message(s) each: registered in %d ms, sent in %d ms (submit p50"
                            + " %d ms, p95 %d ms, max %d ms), all read and verified in %d ms%n", CLIENTS, MESSAGES,
                    millis(registered - started), millis(sent - registered), millis(percentile(sorted, 50)),
                    millis(percentile(sorted, 95)), millis(sorted.get(sorted.size() - 1)), millis(read - sent));
            assertThat(sorted).hasSize(CLIENTS * MESSAGES);
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface Client<T> {
        T run(int index) throws Exception;
    }

    /** Runs one task per client, all released together; the first failure fails the test. */
    private static <T> List<T> all(ExecutorService pool, Client<T> task) throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            int index = i;
            futures.add(pool.submit((Callable<T>) () -> {
                gate.await();
                return task.run(index);
            }));
        }
        gate.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get());
        }
        return results;
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
