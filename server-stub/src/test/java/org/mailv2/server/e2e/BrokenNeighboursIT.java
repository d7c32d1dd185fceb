package org.mailv2.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailv2.protocol.api.ApiClient;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.server.app.RunningServer;
import org.mailv2.server.tls.PemFiles;

/**
 * Servers next to neighbours that break ({@link BrokenNeighbour}, on 127.0.0.1): a relay target that accepts TLS and
 * never answers, or answers a header line at a time, costs the relay one timeout per attempt, and the copy is tried
 * again later while other mail goes on; a resolver that is down or silent gets deliveries a 503 with
 * {@code Retry-After} (passing) and nothing of them is kept. Timeouts are set to seconds here (the defaults are 30 s
 * per read and 600 s per relay call).
 */
class BrokenNeighboursIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final TestServers servers = new TestServers();
    private BrokenNeighbour neighbour;

    @AfterEach
    void closeNeighbour() throws IOException {
        if (neighbour != null) {
            neighbour.close();
        }
    }

    @Test
    void aRelayTargetThatNeverAnswersCostsOneTimeoutPerAttemptWhileOtherMailGoesOnAndItsCopyGoesOnceItAnswers()
            throws Exception {
        RunningServer resolver = servers.startResolver();
        neighbour = BrokenNeighbour.start();
        Path bobsConfig = servers.initUsing(resolver);
        // Bob's server publishes the neighbour's address as its own: every relay to it goes through the neighbour.
        TestServers.editConfig(bobsConfig, "# publicUrl: https://mail.example.org", "publicUrl: " + neighbour.url());
        RunningServer bobs = servers.restart(bobsConfig);
        neighbour.forwardTo(bobs.port());
        neighbour.presenting(PemFiles.read(bobsConfig.resolveSibling("server.key"),
                bobsConfig.resolveSibling("server.crt")));
        Path alicesConfig = servers.initUsing(resolver);
        TestServers.editConfig(alicesConfig, "workers: 2", "workers: 1");
        TestServers.editConfig(alicesConfig, "readTimeoutSeconds: 30", "readTimeoutSeconds: 2");
        TestServers.editConfig(alicesConfig, "relayCallTimeoutSeconds: 600", "relayCallTimeoutSeconds: 4");
        RunningServer alices = servers.restart(alicesConfig);
        RunningServer carols = servers.startUsing(resolver);
        TestAccount alice = TestAccount.register(alices, resolver, "alice!");
        TestAccount bob = TestAccount.register(bobs, resolver, "bob!");
        TestAccount carol = TestAccount.register(carols, resolver, "carol!");
        QueueTable alicesQueue = QueueTable.sqlite(alicesConfig.getParent());

        neighbour.mode(BrokenNeighbour.Mode.SILENT_TLS);
        TestAccount.Sealed toBob = alice.send(bob, "through a silent neighbour", "waits\n");
        Eventually.await(WAIT, alicesQueue::lastErrors, e -> e.contains("SocketTimeoutException"));
        // Alice's server has one relay worker: it is not held by the silent neighbour.
        TestAccount.Sealed toCarol = alice.send(carol, "meanwhile", "goes\n");
        Eventually.await(WAIT, carol::receivedIds, ids -> ids.contains(toCarol.messageId()));

        neighbour.mode(BrokenNeighbour.Mode.TRICKLE_TLS);
        alicesQueue.dueNow();
        // No read ever waits long (a header line comes every 300 ms): the call limit ends the attempt.
        Eventually.await(WAIT, alicesQueue::lastErrors, e -> e.contains("InterruptedIOException"));
        assertThat(alicesQueue.size()).as("the copy is kept for later").isEqualTo(1);
        assertThat(alicesQueue.attempts().get(0)).isGreaterThanOrEqualTo(2);

        neighbour.mode(BrokenNeighbour.Mode.FORWARD);
        alicesQueue.dueNow();
        Eventually.await(WAIT, bob::receivedIds, ids -> ids.contains(toBob.messageId()));
        Eventually.await(WAIT, alicesQueue::size, n -> n == 0);
        assertThat(bob.receivedIds()).containsOnlyOnce(toBob.messageId());
    }

    @Test
    void aResolverThatIsDownOrSilentGetsDeliveriesA503WithRetryAfterAndNothingOfThemIsKept() throws Exception {
        RunningServer resolver = servers.startResolver();
        neighbour = BrokenNeighbour.start();
        neighbour.forwardTo(resolver.port());
        // Bob's server reaches the resolver only through the neighbour (TLS passes through it: the pin holds).
        Path bobsConfig = servers.init(neighbour.url(), resolver.certificatePin().hex(), "open");
        TestServers.editConfig(bobsConfig, "readTimeoutSeconds: 30", "readTimeoutSeconds: 2");
        TestServers.editConfig(bobsConfig, "resolverCallTimeoutSeconds: 30", "resolverCallTimeoutSeconds: 4");
        RunningServer bobs = servers.restart(bobsConfig);
        RunningServer alices = servers.startUsing(resolver);
        TestAccount alice = TestAccount.register(alices, resolver, "alice!");
        TestAccount bob = TestAccount.register(bobs, resolver, "bob!");
        TestAccount.Sealed copy = alice.seal(bob, "while the resolver is away", "kept by the sender\n");
        ApiClient toBobsServer = ApiClient.connect(bobs.url(), bobs.certificatePin());

        for (BrokenNeighbour.Mode broken : List.of(BrokenNeighbour.Mode.REFUSE, BrokenNeighbour.Mode.STALL)) {
            neighbour.mode(broken);
            assertThatThrownBy(() -> toBobsServer.deliver(copy.envelope(), copy.summary(), ByteSource.of(copy.body())))
                    .as(broken.name()).isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(503);
                        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
                        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
                        assertThat(e.isPassing()).isTrue();
                    });
            assertThat(files(bobsConfig.getParent().resolve("blobs"))).as("no blob or staging file").isZero();
        }

        neighbour.mode(BrokenNeighbour.Mode.FORWARD);
        toBobsServer.deliver(copy.envelope(), copy.summary(), ByteSource.of(copy.body()));
        // The refused attempts spent nothing (not the stamp): the same copy is taken once the resolver is back.
        assertThat(bob.receivedIds()).containsExactly(copy.messageId());
        assertThat(bob.read(bob.received().get(0)).message().text()).isEqualTo("kept by the sender\n");
    }

    private static long files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }
}
