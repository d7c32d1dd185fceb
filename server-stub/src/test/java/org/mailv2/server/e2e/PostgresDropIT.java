package org.mailv2.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailv2.protocol.api.MessageView;

/**
 * PostgreSQL drops the server's connections in the middle of its transactions ({@code pg_terminate_backend}, as a
 * database restart or a failing network does) again and again while a client submits mail to a server process. Every
 * submission the server acknowledged is stored exactly once, the others are answered with a passing error that the
 * client retries, the store stays consistent (every row's blob whole, nothing twice, nothing queued), and afterwards
 * the server answers {@code /health} without a restart: its pool reconnects by itself.
 *
 * <pre>
 * mvn -B verify -pl server-stub -am -Dtest=none -Dit.test=PostgresDropIT -Dfailsafe.failIfNoSpecifiedTests=false \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class PostgresDropIT {
    private static final int DELIVERIES = 150;
    private static final int DROPS = 8;
    private static final Duration STEP_LIMIT = Duration.ofMinutes(3);
    private static final ServerPostgres POSTGRES = new ServerPostgres();

    @RegisterExtension
    final TestServers servers = new TestServers();

    @AfterAll
    static void stopPostgres() throws Exception {
        POSTGRES.close();
    }

    @Test
    void connectionsDroppedMidTransactionLoseNothingStoreNothingTwiceAndTheServerRecoversByItself() throws Exception {
        Random random = new Random();
        Path config = servers.init("self", null, "open");
        TestServers.editConfig(config, "requestsPerMinutePerAccount: 600", "requestsPerMinutePerAccount: 1000000");
        TestServers.editConfig(config, "requestsPerMinutePerIp: 1200", "requestsPerMinutePerIp: 1000000");
        StorageAudit audit = POSTGRES.use(config, "drop");
        ServerProcess server = servers.startProcess(config);
        ServerEndpoint home = server.endpoint();
        TestAccount alice = TestAccount.register(home, home, "alice!");
        TestAccount bob = TestAccount.register(home, home, "bob!");

        RetryingSubmitter submitter = new RetryingSubmitter(alice, List.of(bob), DELIVERIES, new AtomicReference<>(home));
        Thread client = new Thread(submitter, "postgres-drop-client");
        client.start();
        // A drop at a random moment within each stretch of the stream, once the client got that far.
        List<Integer> dropped = new ArrayList<>();
        int stretch = DELIVERIES / (DROPS + 1);
        for (int round = 1; round <= DROPS; round++) {
            assertThat(submitter.awaitAcknowledged(round * stretch, STEP_LIMIT)).as("client still sending").isTrue();
            Thread.sleep(random.nextInt(30));
            dropped.add(dropServerConnections());
        }
        client.join(STEP_LIMIT.toMillis());
        assertThat(client.isAlive()).as("client finished").isFalse();
        assertThat(submitter.failure()).as("no submission refused for good").isNull();
        assertThat(dropped.stream().mapToInt(Integer::intValue).sum()).as("connections were dropped").isPositive();

        List<String> stored = new ArrayList<>();
        for (String box : List.of("inbox", "screener")) {
            for (MessageView m : bob.at(home).api.list(box, 0, 500).messages()) {
                stored.add(m.envelope().messageId());
            }
        }
        assertThat(stored).as("every acknowledged message stored exactly once").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(submitter.acknowledged());
        StorageAudit.Report report = audit.run();
        System.out.printf("PostgresDropIT: %d deliveries, %d connections dropped in %d rounds, %d retried submissions;"
                + " storage: %s%n", DELIVERIES, dropped.stream().mapToInt(Integer::intValue).sum(), dropped.size(),
                submitter.retries(), report);
        assertThat(report.messageRows()).isEqualTo(DELIVERIES);
        assertThat(report.duplicateRows()).isEmpty();
        assertThat(report.rowsWithoutBlob()).isEmpty();
        assertThat(report.blobsOfWrongSize()).isEmpty();
        assertThat(report.queueRows()).isZero();

        assertThat(new RawClient(home).send("GET", "/health", null, null).status())
                .as("the server recovered without a restart").isEqualTo(200);
        assertThat(server.isAlive()).isTrue();
    }

    /** Terminates every session of the server's database user but this one; how many it ended. */
    private static int dropServerConnections() throws Exception {
        try (Connection c = POSTGRES.admin().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                     + " WHERE datname LIKE 'drop\\_%' AND pid <> pg_backend_pid()");
             ResultSet r = s.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }
}
