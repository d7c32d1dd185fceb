package org.mailv2.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailv2.protocol.api.ApiClient;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.api.MessageView;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.server.app.RunningServer;

/**
 * A server whose disk fills up (blob bytes, blob fsync, database insert; see {@link DiskThatFills}): deliveries are
 * answered 507 {@code insufficient_storage}, a passing error, so the sending server keeps its copy and tries again;
 * the mail already there stays readable; nothing of a refused copy is left (no blob, no staging file, no row, its
 * stamp not spent); once there is room again the server takes mail without a restart.
 */
class FullDiskIT {
    private static final Duration RELAY = Duration.ofSeconds(30);

    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void aFullDiskRefusesDeliveriesWith507KeepsMailReadableAndTakesMailAgainOnceFreed() throws Exception {
        DiskThatFills disk = new DiskThatFills();
        RunningServer bobs = servers.startResolver(disk);
        Path bobsData = servers.directories().get(0);
        RunningServer alices = servers.startUsing(bobs);
        TestAccount bob = TestAccount.register(bobs, "bob!");
        TestAccount alice = TestAccount.register(alices, bobs, "alice!");
        alice.send(bob, "before", "written while there was room\n");
        MessageView before = Eventually.await(RELAY, bob::received, l -> l.size() == 1).get(0);

        ApiClient toBobsServer = ApiClient.connect(bobs.url(), bobs.certificatePin());
        for (DiskThatFills.Full where : List.of(DiskThatFills.Full.BLOB_WRITE, DiskThatFills.Full.BLOB_FORCE,
                DiskThatFills.Full.DATABASE)) {
            TestAccount.Sealed copy = alice.seal(bob, "while full: " + where, "no room\n");
            long blobsBefore = blobs(bobsData);
            disk.fill(where);

            assertThatThrownBy(() -> toBobsServer.deliver(copy.envelope(), copy.summary(), ByteSource.of(copy.body())))
                    .as(where.name()).isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INSUFFICIENT_STORAGE);
                        assertThat(e.status()).isEqualTo(507);
                        assertThat(e.isPassing()).isTrue();
                    });
            assertThat(bob.receivedIds()).as("reads work on a full disk")
                    .containsExactly(before.envelope().messageId());
            assertThat(bob.read(before).message().text()).isEqualTo("written while there was room\n");
            assertThat(blobs(bobsData)).as("no blob of the refused copy").isEqualTo(blobsBefore);
            assertThat(stagingFiles(bobsData)).as("no staging file left").isZero();

            disk.free();
            toBobsServer.deliver(copy.envelope(), copy.summary(), ByteSource.of(copy.body()));
            // Its stamp was not spent by the refused attempt: the same copy is taken, once.
            assertThat(bob.receivedIds()).contains(copy.messageId());
            bob.api.delete(java.util.UUID.fromString(copy.messageId()));
        }

        disk.fill(DiskThatFills.Full.DATABASE);
        TestAccount.Sealed relayed = alice.send(bob, "relayed while full", "kept by alice's server\n");
        QueueTable alicesQueue = QueueTable.sqlite(servers.directories().get(1));
        Eventually.await(RELAY, alicesQueue::lastErrors, e -> e.contains(ErrorCode.INSUFFICIENT_STORAGE.wire()));
        assertThat(bob.receivedIds()).doesNotContain(relayed.messageId());

        disk.free();
        Eventually.await(RELAY, bob::receivedIds, ids -> ids.contains(relayed.messageId()));
        Eventually.await(RELAY, alicesQueue::size, n -> n == 0);
        assertThat(bob.read(bob.received().stream().filter(m -> m.envelope().messageId().equals(relayed.messageId()))
                .findFirst().orElseThrow()).message().text()).isEqualTo("kept by alice's server\n");
        assertThat(stagingFiles(bobsData)).isZero();
    }

    private static long blobs(Path serverDir) throws IOException {
        try (Stream<Path> files = Files.list(serverDir.resolve("blobs"))) {
            return files.filter(p -> !p.getFileName().toString().startsWith(".")).count();
        }
    }

    private static long stagingFiles(Path serverDir) throws IOException {
        try (Stream<Path> files = Files.list(serverDir.resolve("blobs"))) {
            return files.filter(p -> p.getFileName().toString().startsWith(".staging-")).count();
        }
    }
}
