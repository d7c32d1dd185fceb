package org.mailv2.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mailv2.protocol.api.MessagePage;
import org.mailv2.protocol.api.MessageView;

/**
 * Crash rounds: a server runs as its own process while one client submits {@value #DEFAULT_DELIVERIES} small
 * deliveries between accounts on it, each retried with the same sealed copy until acknowledged; meanwhile the test
 * kills the server with SIGKILL {@value #DEFAULT_ROUNDS} times, at random points of the submission stream, and
 * restarts it on the same config (at a new port: the client reconnects). Afterwards every acknowledged message is in
 * its recipient's mailbox exactly once, and the server's storage is consistent: every row's blob exists with the
 * row's size, no message is stored twice, and the blob files no row names (an upload cut off between the blob's
 * commit and the row's, which the server keeps by design) are at most one per kill. Run on SQLite and on PostgreSQL.
 *
 * <p>Default run: {@value #DEFAULT_DELIVERIES} deliveries, {@value #DEFAULT_ROUNDS} kills, per store (about 35 s each
 * on a loaded two-core machine):
 * <pre>
 * mvn -B -o verify -pl server-stub -am -Dtest=none -Dit.test='CrashRoundsIT' \
 *     -Dfailsafe.failIfNoSpecifiedTests=false -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Long run ({@value #LONG_DELIVERIES} deliveries, {@value #LONG_ROUNDS} kills per store, about 70 s each): add
 * {@code -Dmailv2.long=true}; {@code -Dmailv2.deliveries=N -Dmailv2.rounds=K} set any other size. The seed of the
 * kill points is printed; {@code -Dmailv2.seed=N} repeats a run's points.
 */
class CrashRoundsIT {
    static final int DEFAULT_DELIVERIES = 500;
    static final int DEFAULT_ROUNDS = 3;
    static final int LONG_DELIVERIES = 1_000;
    static final int LONG_ROUNDS = 6;
    private static final boolean LONG = Boolean.getBoolean("mailv2.long");
    private static final int DELIVERIES = Integer.getInteger("mailv2.deliveries",
            LONG ? LONG_DELIVERIES : DEFAULT_DELIVERIES);
    private static final int ROUNDS = Integer.getInteger("mailv2.rounds", LONG ? LONG_ROUNDS : DEFAULT_ROUNDS);
    private static final int SIGKILLED = 128 + 9;
    private static final int SAMPLE_READS = 10;
    private static final Duration STEP_LIMIT = Duration.ofMinutes(5);

    enum Storage { SQLITE, POSTGRESQL }

    private static final ServerPostgres POSTGRES = new ServerPostgres();

    @RegisterExtension
    final TestServers servers = new TestServers();

    @AfterAll
    static void stopPostgres() throws Exception {
        POSTGRES.close();
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void everyAcknowledgedDeliveryIsStoredOnceThroughRoundsOfSigkill(Storage storage) throws Exception {
        long seed = Long.getLong("mailv2.seed", System.nanoTime());
        Random random = new Random(seed);
        Path config = servers.init("self", null, "open");
        // One client sends far more than a user would: the rate limits are not what this test is about.
        TestServers.editConfig(config, "requestsPerMinutePerAccount: 600", "requestsPerMinutePerAccount: 1000000");
        TestServers.editConfig(config, "requestsPerMinutePerIp: 1200", "requestsPerMinutePerIp: 1000000");
        StorageAudit audit = storage == Storage.SQLITE ? StorageAudit.sqlite(config.getParent())
                : POSTGRES.use(config, "crash_rounds");
        long started = System.nanoTime();
        ServerProcess server = servers.startProcess(config);
        ServerEndpoint first = server.endpoint();
        TestAccount alice = TestAccount.register(first, first, "alice!");
        TestAccount bob = TestAccount.register(first, first, "bob!");
        TestAccount carol = TestAccount.register(first, first, "carol!");

        AtomicReference<ServerEndpoint> home = new AtomicReference<>(first);
        RetryingSubmitter submitter = new RetryingSubmitter(alice, List.of(bob, carol), DELIVERIES, home);
        Thread client = new Thread(submitter, "crash-rounds-client");
        client.start();
        List<Integer> killedAt = new ArrayList<>();
        int segment = DELIVERIES / (ROUNDS + 1);
        for (int round = 1; round <= ROUNDS; round++) {
            // A random point in this round's stretch of the stream, then a random moment inside a submission.
            int target = round * segment + random.nextInt(Math.max(1, segment / 2));
            assertThat(submitter.awaitAcknowledged(target, STEP_LIMIT)).as("client still sending").isTrue();
            Thread.sleep(random.nextInt(40));
            killedAt.add(submitter.acknowledged().size());
            assertThat(server.kill()).isEqualTo(SIGKILLED);
            server = servers.startProcess(config);
            home.set(server.endpoint());
        }
        client.join(STEP_LIMIT.toMillis());
        assertThat(client.isAlive()).as("client finished").isFalse();
        assertThat(submitter.failure()).as("no submission refused for good").isNull();
        double seconds = (System.nanoTime() - started) / 1e9;

        List<String> acknowledged = submitter.acknowledged();
        assertThat(acknowledged).hasSize(DELIVERIES).doesNotHaveDuplicates();
        ServerEndpoint now = home.get();
        List<MessageView> bobs = everything(bob.at(now));
        List<MessageView> carols = everything(carol.at(now));
        List<String> stored = new ArrayList<>();
        bobs.forEach(m -> stored.add(m.envelope().messageId()));
        carols.forEach(m -> stored.add(m.envelope().messageId()));
        assertThat(stored).as("every acknowledged message stored exactly once").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(acknowledged);
        assertThat(bobs).allMatch(m -> m.envelope().toHash().matches(bob.address.hash()));
        assertThat(carols).allMatch(m -> m.envelope().toHash().matches(carol.address.hash()));
        readSome(bob.at(now), bobs, submitter.subjects(), random);
        readSome(carol.at(now), carols, submitter.subjects(), random);

        StorageAudit.Report report = audit.run();
        System.out.printf("CrashRoundsIT[%s]: %d deliveries, %d SIGKILLs (after %s acknowledged), %d retried "
                + "submissions, %.1f s; storage: %s; seed %d%n", storage, DELIVERIES, ROUNDS, killedAt,
                submitter.retries(), seconds, report, seed);
        assertThat(report.messageRows()).isEqualTo(DELIVERIES);
        assertThat(report.queueRows()).isZero();
        assertThat(report.duplicateRows()).isEmpty();
        assertThat(report.rowsWithoutBlob()).as("rows whose blob is missing").isEmpty();
        assertThat(report.blobsOfWrongSize()).as("blobs cut short").isEmpty();
        assertThat(report.orphanBlobs().size()).as("blob files no row names").isLessThanOrEqualTo(ROUNDS);
        assertThat(report.stagingFiles()).as("staging files left").isLessThanOrEqualTo(ROUNDS);
    }

    /** Every message in the account's inbox and screener box, page by page. */
    private static List<MessageView> everything(TestAccount account) throws Exception {
        List<MessageView> all = new ArrayList<>();
        for (String box : List.of("inbox", "screener")) {
            long cursor = 0;
            while (true) {
                MessagePage page = account.api.list(box, cursor, 100);
                if (page.messages().isEmpty()) {
                    break;
                }
                all.addAll(page.messages());
                cursor = page.nextCursor();
            }
        }
        return all;
    }

    /** Opens a few messages end to end (body downloaded, signature verified, decrypted): the right one was stored. */
    private static void readSome(TestAccount reader, List<MessageView> box, Map<String, String> subjects,
                                 Random random) throws Exception {
        List<MessageView> shuffled = new ArrayList<>(box);
        Collections.shuffle(shuffled, random);
        for (MessageView m : shuffled.subList(0, Math.min(SAMPLE_READS, shuffled.size()))) {
            TestAccount.Read read = reader.read(m);
            String subject = subjects.get(m.envelope().messageId());
            assertThat(read.summary().subject()).isEqualTo(subject);
            assertThat(read.message().text()).isEqualTo(subject + "\n");
        }
    }
}
