package org.mailv2.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailv2.server.app.RunningServer;
import org.mailv2.server.store.sql.RootlessPostgres;

/**
 * Scale-out: two replicas of one server, started from one config (same identity, certificate, blobs directory and
 * PostgreSQL database), each on its own port as behind one load-balanced address. They serve the same accounts and
 * share one relay queue, which the relay workers of both drain together: every queued message reaches its recipient
 * exactly once.
 */
class ReplicasIT {
    private static final int MESSAGES = 20;
    private static final Duration RELAY = Duration.ofSeconds(45);
    private static EmbeddedPostgres postgres;

    @RegisterExtension
    final TestServers servers = new TestServers();

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = RootlessPostgres.start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE replicas");
        }
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void twoReplicasServeTheSameAccountsAndRelayEveryQueuedMessageOnce() throws Exception {
        RunningServer resolver = servers.startResolver();
        Path bConfig = servers.initUsing(resolver);
        RunningServer b = servers.restart(bConfig);
        Path aConfig = servers.initUsing(resolver);
        useSharedPostgres(aConfig);
        RunningServer replica1 = servers.restart(aConfig);
        RunningServer replica2 = servers.restart(aConfig);
        assertThat(replica2.routingId()).isEqualTo(replica1.routingId());
        assertThat(replica2.port()).isNotEqualTo(replica1.port());
        QueueTable queue = QueueTable.postgres(postgres.getDatabase("postgres", "replicas"));

        // Alice registers through replica 1, carol through replica 2: one server to them, whichever replica answers.
        TestAccount alice = TestAccount.register(replica1, resolver, "alice!");
        TestAccount aliceOn2 = alice.at(replica2);
        TestAccount carol = TestAccount.register(replica2, resolver, "carol!");
        TestAccount bob = TestAccount.register(b, resolver, "bob!");
        TestAccount.Sealed hello = carol.send(alice, "hello", "written through replica 2\n");
        assertThat(alice.receivedIds()).containsExactly(hello.messageId());
        assertThat(aliceOn2.receivedIds()).containsExactly(hello.messageId());
        assertThat(alice.read(alice.received().get(0)).message().text()).isEqualTo("written through replica 2\n");

        // Bob's server is down: what alice sends, through either replica, waits in the one shared queue.
        servers.stop(b);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            TestAccount sender = i % 2 == 0 ? alice : aliceOn2;
            sent.add(sender.send(bob, "queued " + i, "message " + i + "\n").messageId());
        }
        assertThat(queue.size()).isEqualTo(MESSAGES);

        // Bob's server comes back on another port; both replicas' relay workers drain the queue.
        TestAccount bobBack = bob.at(servers.restart(bConfig));
        Eventually.await(RELAY, bobBack::receivedIds, ids -> ids.size() >= MESSAGES);
        Eventually.await(RELAY, queue::size, size -> size == 0);

        List<String> received = bobBack.receivedIds();
        assertThat(received).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sent);
        assertThat(bobBack.read(bobBack.received().get(0)).message().from()).isEqualTo(alice.address);
    }

    /** Points the config at the test's PostgreSQL database, so that every server started from it shares it. */
    private static void useSharedPostgres(Path config) throws Exception {
        Files.writeString(config.resolveSibling("db-password.txt"), "postgres\n");
        TestServers.editConfig(config, "  kind: sqlite\n", """
                  kind: postgresql
                  url: %s
                  user: postgres
                  passwordFile: db-password.txt
                """.formatted(postgres.getJdbcUrl("postgres", "replicas")));
    }
}
