package org.mailv2.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slow clients (slowloris): {@value #ATTACKERS} TLS connections to a server process send a request one byte at a
 * time and then stall, half of them inside the headers and half inside a body they announced. The server cuts every
 * one of them off: the idle timeout ({@code limits.idleTimeoutSeconds}, {@value #IDLE_SECONDS} s here, 60 by default)
 * those in the headers, and the minimum request data rate ({@code limits.minRequestBytesPerSecond}, 256 by default)
 * the bodies, already while they trickle (ten bytes a second). While they hold their connections a normal client
 * registers, lists its inbox and reads {@code /info}, and is served. A second test trickles a body a byte a second,
 * well inside the idle timeout: only the minimum data rate cuts it off. The time each attacker held its connection is printed (not asserted; the bound asserted is the socket's
 * read timeout of {@value #CUT_OFF_LIMIT_SECONDS} s, past which a connection counts as never cut off).
 *
 * <pre>
 * mvn -B -o verify -pl server-stub -am -Dtest=none -Dit.test='SlowClientsIT' \
 *     -Dfailsafe.failIfNoSpecifiedTests=false -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * {@code -Dmailv2.long=true} runs {@value #LONG_ATTACKERS} attackers.
 */
class SlowClientsIT {
    static final int ATTACKERS = 50;
    static final int LONG_ATTACKERS = 400;
    private static final int IDLE_SECONDS = 5;
    private static final int HANDSHAKE_TRIES = 3;
    private static final int SLOW_BODY_BYTES = 30;
    private static final int CUT_OFF_LIMIT_SECONDS = 60;
    private static final int TRICKLE_BYTES = 12;
    private static final long TRICKLE_PAUSE_MILLIS = 100;
    private static final int COUNT = Boolean.getBoolean("mailv2.long") ? LONG_ATTACKERS : ATTACKERS;

    @RegisterExtension
    final TestServers servers = new TestServers();

    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> heldMillis = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger connected = new AtomicInteger();

    @Test
    void slowClientsAreCutOffByTheIdleTimeoutWhileOtherClientsAreServed() throws Exception {
        Path config = servers.init("self", null, "open");
        TestServers.editConfig(config, "idleTimeoutSeconds: 60", "idleTimeoutSeconds: " + IDLE_SECONDS);
        ServerProcess server = servers.startProcess(config);
        ServerEndpoint at = server.endpoint();
        RawClient raw = new RawClient(at);

        CountDownLatch trickling = new CountDownLatch(COUNT);
        List<Thread> attackers = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            boolean inBody = i % 2 == 1;
            Thread t = new Thread(() -> attack(raw, inBody, trickling), "slow-client-" + i);
            t.start();
            attackers.add(t);
        }
        assertThat(trickling.await(CUT_OFF_LIMIT_SECONDS, TimeUnit.SECONDS)).as("all attackers connected").isTrue();

        // Meanwhile, a normal client.
        int holding = connected.get();
        TestAccount alice = TestAccount.register(at, at, "alice!");
        assertThat(alice.inbox()).isEmpty();
        assertThat(raw.send("GET", "/info", null, null).status()).isEqualTo(200);
        int stillHolding = connected.get();

        for (Thread t : attackers) {
            t.join(TimeUnit.SECONDS.toMillis(CUT_OFF_LIMIT_SECONDS * 2));
            assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
        }
        List<Long> held = new ArrayList<>(heldMillis);
        Collections.sort(held);
        System.out.printf("SlowClientsIT: %d slow clients (idle timeout %d s); a normal client was served while %d "
                + "(at its start) and %d (at its end) held connections; each was cut off %d..%d ms after it "
                + "stalled (median %d)%n", COUNT, IDLE_SECONDS, holding, stillHolding,
                held.isEmpty() ? -1 : held.get(0), held.isEmpty() ? -1 : held.get(held.size() - 1),
                held.isEmpty() ? -1 : held.get(held.size() / 2));
        assertThat(failures).as("slow clients not cut off").isEmpty();
        assertThat(held).hasSize(COUNT);
        assertThat(server.isAlive()).isTrue();
        assertThat(raw.send("GET", "/health", null, null).status()).isEqualTo(200);
    }

    /**
     * A body trickled a byte a second never trips the idle timeout; the minimum request data rate
     * ({@code limits.minRequestBytesPerSecond}, 256 by default) cuts it off all the same, within a bounded number of
     * bytes, and frees the thread that was reading it.
     */
    @Test
    void aBodyTrickledUnderTheIdleTimeoutIsCutOffByTheMinimumDataRate() throws Exception {
        Path config = servers.init("self", null, "open");
        TestServers.editConfig(config, "idleTimeoutSeconds: 60", "idleTimeoutSeconds: " + IDLE_SECONDS);
        ServerProcess server = servers.startProcess(config);
        RawClient raw = new RawClient(server.endpoint());
        int sent = 0;
        boolean cut = false;
        try (SSLSocket socket = connect(raw)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /api/v1/records/address/" + "ab".repeat(32) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 4096\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            // One byte, then a second's wait for the server to answer or hang up; well inside the idle timeout.
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(1));
            InputStream in = socket.getInputStream();
            while (!cut && sent < SLOW_BODY_BYTES) {
                try {
                    out.write('{');
                    out.flush();
                    sent++;
                    in.read();
                    cut = true; // an answer (408) or the end of the connection
                } catch (SocketTimeoutException e) {
                    // Not cut yet: the next byte.
                } catch (SocketException | SSLException e) {
                    cut = true;
                }
            }
        }
        System.out.printf("SlowClientsIT: a body trickled a byte a second (idle timeout %d s): cut off %s after %d "
                + "bytes%n", IDLE_SECONDS, cut, sent);
        assertThat(cut).as("cut off within " + SLOW_BODY_BYTES + " bytes").isTrue();
        assertThat(server.isAlive()).isTrue();
        assertThat(raw.send("GET", "/health", null, null).status()).isEqualTo(200);
    }

    /**
     * Connects; on a loaded machine, fifty handshakes at once may outlast the idle timeout, which the server then
     * (rightly) cuts: such an attacker tries again, as a real one would.
     */
    private static SSLSocket connect(RawClient raw) throws IOException {
        for (int i = 1; ; i++) {
            try {
                return raw.connect();
            } catch (SSLHandshakeException e) {
                if (i == HANDSHAKE_TRIES) {
                    throw e;
                }
            }
        }
    }

    /**
     * Sends a request's head (in the body case: all of it, announcing a body) one byte at a time, then stalls and
     * waits for the server to end the connection.
     */
    private void attack(RawClient raw, boolean inBody, CountDownLatch trickling) {
        boolean counted = false;
        boolean holding = false;
        try (SSLSocket socket = connect(raw)) {
            socket.setSoTimeout(CUT_OFF_LIMIT_SECONDS * 1000);
            connected.incrementAndGet();
            holding = true;
            OutputStream out = socket.getOutputStream();
            byte[] trickle;
            if (inBody) {
                out.write(("PUT /api/v1/records/address/" + "ab".repeat(32) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 4096\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                trickle = "{\"record\": {\"addressHash\": ".getBytes(StandardCharsets.ISO_8859_1);
            } else {
                trickle = "GET /info HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1);
            }
            for (int i = 0; i < TRICKLE_BYTES; i++) {
                out.write(trickle[i]);
                out.flush();
                if (!counted) {
                    trickling.countDown();
                    counted = true;
                }
                Thread.sleep(TRICKLE_PAUSE_MILLIS);
            }
            long stalled = System.nanoTime();
            try {
                InputStream in = socket.getInputStream();
                while (in.read() >= 0) {
                    // An error answer may come first; the connection must end after it.
                }
            } catch (SocketTimeoutException e) {
                failures.add("held past " + CUT_OFF_LIMIT_SECONDS + " s " + (inBody ? "(body)" : "(headers)"));
                return;
            } catch (SocketException | SSLException e) {
                // Reset by the server: cut off too.
            }
            heldMillis.add((System.nanoTime() - stalled) / 1_000_000);
        } catch (IOException e) {
            // A write refused because the server closed first is a cut-off as well; anything else is not.
            if (e instanceof SocketException) {
                heldMillis.add(0L);
            } else {
                failures.add(e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add(e.toString());
        } finally {
            if (holding) {
                connected.decrementAndGet();
            }
            if (!counted) {
                trickling.countDown();
            }
        }
    }
}
