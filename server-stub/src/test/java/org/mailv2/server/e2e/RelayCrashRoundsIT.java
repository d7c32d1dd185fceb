package org.mailv2.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailv2.protocol.seal.Attachment;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.server.app.RunningServer;
import org.mailv2.server.store.sql.SqlDatabase;

/**
 * Kill rounds: the receiving server, a separate process, is killed with SIGKILL in the middle of taking relayed mail,
 * round after round, and started again on the same files. Every copy arrives exactly once, the database passes
 * SQLite's integrity check, and every stored message's body is on disk whole (its SHA-256 is the one its row names).
 * {@value #DEFAULT_ROUNDS} rounds by default; {@code -Dmailv2.crashRounds=N} runs more.
 */
class RelayCrashRoundsIT {
    private static final int DEFAULT_ROUNDS = 3;
    private static final int ROUNDS = Integer.getInteger("mailv2.crashRounds", DEFAULT_ROUNDS);
    private static final int PER_ROUND = 6;
    private static final int ATTACHMENT_BYTES = 1 << 20;
    private static final int SIGKILLED = 128 + 9;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void aReceivingServerKilledMidDeliveryRoundAfterRoundLosesNothingDuplicatesNothingAndKeepsItsFilesWhole()
            throws Exception {
        RunningServer resolver = servers.startResolver();
        RunningServer alices = servers.startUsing(resolver);
        Path bobsConfig = servers.initUsing(resolver);
        ServerProcess bobs = servers.startProcess(bobsConfig);
        TestAccount alice = TestAccount.register(alices, resolver, "alice!");
        TestAccount bob = TestAccount.register(bobs.endpoint(), ServerEndpoint.of(resolver), "bob!");
        QueueTable alicesQueue = QueueTable.sqlite(servers.directories().get(1));
        Attachment attachment = new Attachment("part.bin", "application/octet-stream",
                ByteSource.of(randomBytes(ATTACHMENT_BYTES)));

        List<String> sent = new ArrayList<>();
        int killedMidRound = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<String> thisRound = new ArrayList<>();
            for (int i = 0; i < PER_ROUND; i++) {
                TestAccount.Sealed copy = alice.seal(bob, "round " + round + ", copy " + i, "copy " + i + "\n",
                        attachment);
                alice.submit(copy);
                thisRound.add(copy.messageId());
            }
            sent.addAll(thisRound);
            TestAccount reader = bob;
            // Killed as soon as the first copy of the round is in: the rest are queued or in flight.
            Eventually.await(WAIT, reader::receivedIds, ids -> ids.stream().anyMatch(thisRound::contains));
            assertThat(bobs.kill()).isEqualTo(SIGKILLED);
            long waiting = alicesQueue.size();
            System.out.println("CrashRoundsIT: round " + round + " killed with " + waiting + " of " + PER_ROUND
                    + " copies still queued at the sender");
            if (waiting > 0) {
                killedMidRound++;
            }
            bobs = servers.startProcess(bobsConfig);
            bob = bob.at(bobs.endpoint());
            // The relay's backoff after the refused connections is not what this test waits for.
            alicesQueue.dueNow();
        }

        TestAccount last = bob;
        Eventually.await(WAIT, last::receivedIds, ids -> ids.size() >= sent.size());
        Eventually.await(WAIT, alicesQueue::size, n -> n == 0);
        assertThat(last.receivedIds()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sent);
        assertThat(last.readSummary(last.received().get(0)).attachments()).containsExactly("part.bin");
        System.out.println("CrashRoundsIT: " + ROUNDS + " rounds, " + killedMidRound + " killed with copies in"
                + " flight, " + sent.size() + " copies delivered once each");

        Path data = bobsConfig.getParent();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqlDatabase.SQLITE_FILE));
             Statement s = db.createStatement()) {
            try (ResultSet check = s.executeQuery("PRAGMA integrity_check")) {
                check.next();
                assertThat(check.getString(1)).isEqualTo("ok");
            }
            int bodies = 0;
            try (ResultSet rows = s.executeQuery("SELECT body_blob, body_size, body_sha256 FROM messages")) {
                while (rows.next()) {
                    Path blob = data.resolve("blobs").resolve(rows.getString(1));
                    assertThat(Files.size(blob)).isEqualTo(rows.getLong(2));
                    assertThat(sha256(blob)).isEqualTo(rows.getString(3));
                    bodies++;
                }
            }
            assertThat(bodies).isGreaterThanOrEqualTo(sent.size());
        }
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Incompressible content; seeded so that a run can be repeated. */
    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        return bytes;
    }
}
