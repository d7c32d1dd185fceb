package org.mailv2.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.api.MessageView;
import org.mailv2.protocol.api.NewMailEvent;
import org.mailv2.protocol.api.NewMailListener;
import org.mailv2.protocol.permit.PermitId;

/**
 * Load: {@value #DEFAULT_CLIENTS} clients at once against one server process started with {@code -Xmx256m}: a quarter
 * submit mail, a quarter list boxes, a quarter download and open bodies, a quarter hold new-mail event streams open.
 * Every answer is a success or a 429 with a {@code Retry-After} that the client waits out before asking again; no
 * other answer and no failed connection is allowed. Afterwards the process is alive and answers {@code /health} and
 * {@code /info}. Its resident memory ({@code VmRSS}, and the peak {@code VmHWM}, from {@code /proc/<pid>/status}) is
 * printed before and after: not asserted, the figures are for docs/operations.md.
 *
 * <p>Default run ({@value #DEFAULT_CLIENTS} clients, {@value #DEFAULT_ROUNDS} requests of each kind per client):
 * <pre>
 * mvn -B -o verify -pl server-stub -am -Dtest=none -Dit.test='LoadIT' \
 *     -Dfailsafe.failIfNoSpecifiedTests=false -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Long run ({@value #LONG_CLIENTS} clients, {@value #LONG_ROUNDS} rounds): add {@code -Dmailv2.long=true};
 * {@code -Dmailv2.clients=N -Dmailv2.rounds=K} set any other size.
 */
class LoadIT {
    static final int DEFAULT_CLIENTS = 200;
    static final int DEFAULT_ROUNDS = 3;
    static final int LONG_CLIENTS = 400;
    static final int LONG_ROUNDS = 10;
    private static final boolean LONG = Boolean.getBoolean("mailv2.long");
    private static final int CLIENTS = Integer.getInteger("mailv2.clients", LONG ? LONG_CLIENTS : DEFAULT_CLIENTS);
    private static final int ROUNDS = Integer.getInteger("mailv2.rounds", LONG ? LONG_ROUNDS : DEFAULT_ROUNDS);
    /** Two event streams per account stay below the server's default of 8 per account. */
    private static final int ACCOUNTS = Math.max(2, CLIENTS / 8);
    private static final Duration LIMIT = Duration.ofMinutes(4);

    @RegisterExtension
    final TestServers servers = new TestServers();

    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger limited = new AtomicInteger();

    private interface Call {
        void run() throws Exception;
    }

    @Test
    void twoHundredMixedClientsAreAllServedAndTheServerStaysUpWithinItsHeap() throws Exception {
        Path config = servers.init("self", null, "open");
        // All clients share 127.0.0.1: the per-IP limit would make this a test of waiting a minute. The per-account
        // limit stays at its default.
        TestServers.editConfig(config, "requestsPerMinutePerIp: 1200", "requestsPerMinutePerIp: 1000000");
        ServerProcess server = servers.startProcess(config);
        ServerEndpoint at = server.endpoint();
        List<TestAccount> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.add(TestAccount.register(at, at, "load" + i + "!"));
        }
        // Each account holds one message in its inbox (admitted by a permit): bodies to fetch, events to replay.
        List<MessageView> seeded = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            TestAccount to = accounts.get(i);
            TestAccount from = accounts.get((i + 1) % ACCOUNTS);
            PermitId permit = to.permit(from);
            from.submit(from.seal(to, "seed " + i, "seed " + i + "\n", permit, 0));
            seeded.add(to.inbox().get(0));
        }
        String before = memory(server);

        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch workDone = new CountDownLatch(CLIENTS - CLIENTS / 4);
        List<Thread> clients = new ArrayList<>();
        long started = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            int index = c / 4;
            TestAccount me = accounts.get(index % ACCOUNTS).at(at);
            MessageView mine = seeded.get(index % ACCOUNTS);
            TestAccount peer = accounts.get((index + 1) % ACCOUNTS);
            Call work = switch (c % 4) {
                case 0 -> () -> {
                    for (int r = 0; r < ROUNDS; r++) {
                        TestAccount.Sealed sealed = me.seal(peer, "load", "load\n");
                        call(() -> me.submit(sealed));
                    }
                };
                case 1 -> () -> {
                    for (int r = 0; r < ROUNDS; r++) {
                        call(() -> assertThat(me.received()).isNotEmpty());
                    }
                };
                case 2 -> () -> {
                    for (int r = 0; r < ROUNDS; r++) {
                        call(() -> assertThat(me.read(mine).summary().subject()).startsWith("seed "));
                    }
                };
                default -> () -> holdEventStream(me, mine, workDone);
            };
            CountDownLatch done = c % 4 == 3 ? null : workDone;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    work.run();
                } catch (Throwable e) {
                    errors.add(e.toString());
                } finally {
                    if (done != null) {
                        done.countDown();
                    }
                }
            }, "load-client-" + c);
            t.start();
            clients.add(t);
        }
        start.countDown();
        String during = null;
        while (!workDone.await(2, TimeUnit.SECONDS)) {
            during = memory(server);
            assertThat(System.nanoTime() - started).as("load within " + LIMIT).isLessThan(LIMIT.toNanos());
        }
        for (Thread t : clients) {
            t.join(LIMIT.toMillis());
            assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        String after = memory(server);

        System.out.printf("LoadIT: %d clients (%d accounts), %d rounds each, %.1f s; %d answers, %d of them 429 "
                + "(waited out); server -Xmx256m memory before: %s, during: %s, after: %s%n", CLIENTS, ACCOUNTS,
                ROUNDS, seconds, answered.get(), limited.get(), before, during, after);
        assertThat(errors).as("failed requests").isEmpty();
        assertThat(server.isAlive()).isTrue();
        RawClient raw = new RawClient(at);
        assertThat(raw.send("GET", "/health", null, null).status()).isEqualTo(200);
        assertThat(raw.send("GET", "/info", null, null).status()).isEqualTo(200);
        // Every submitted copy arrived: the work was done, not only answered.
        int stored = 0;
        for (TestAccount a : accounts) {
            stored += a.at(at).received().size();
        }
        assertThat(stored).isEqualTo(ACCOUNTS + (CLIENTS + 3) / 4 * ROUNDS);
    }

    /**
     * Runs a request; a 429 must carry Retry-After, which is waited out before the same request goes again. Anything
     * else that is not a success is an error.
     */
    private void call(Call request) throws Exception {
        while (true) {
            try {
                request.run();
                answered.incrementAndGet();
                return;
            } catch (ApiException e) {
                answered.incrementAndGet();
                if (e.status() != 429 || e.retryAfter() == null) {
                    throw e;
                }
                limited.incrementAndGet();
                Thread.sleep(e.retryAfter().toMillis());
            }
        }
    }

    /** Opens the account's event stream, sees the seeded message replayed, and holds it until the others finish. */
    private void holdEventStream(TestAccount me, MessageView mine, CountDownLatch othersDone) throws Exception {
        CountDownLatch seen = new CountDownLatch(1);
        List<Exception> closed = Collections.synchronizedList(new ArrayList<>());
        try (AutoCloseable stream = me.api.events(0, new NewMailListener() {
            @Override
            public void onNewMail(NewMailEvent event) {
                if (event.messageId().equals(mine.envelope().messageId())) {
                    seen.countDown();
                }
            }

            @Override
            public void onClosed(Exception failure) {
                closed.add(failure == null ? new IOException("closed by the server") : failure);
                seen.countDown();
            }
        })) {
            assertThat(seen.await(LIMIT.toSeconds(), TimeUnit.SECONDS)).as("event within " + LIMIT).isTrue();
            assertThat(closed).as("stream failures").isEmpty();
            answered.incrementAndGet();
            othersDone.await(LIMIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(closed).as("stream failures while held").isEmpty();
        }
    }

    /** VmRSS and VmHWM of the server process, as /proc says. */
    private static String memory(ServerProcess server) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(server.pid()), "status"));
        String rss = lines.stream().filter(l -> l.startsWith("VmRSS:")).findFirst().orElse("VmRSS: ?");
        String hwm = lines.stream().filter(l -> l.startsWith("VmHWM:")).findFirst().orElse("VmHWM: ?");
        return rss.replaceAll("\\s+", " ") + " (" + hwm.replaceAll("\\s+", " ") + ")";
    }
}
