package org.mailv2.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/** The outbox applies the same size and quota limits to queued copies as delivery does to stored ones. */
class OutboxServiceTest {
    @TempDir
    Path dir;

    private ServiceWorld world;

    @BeforeEach
    void setUp() throws IOException {
        world = new ServiceWorld(dir);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private OutboxService outbox(long maxMessageBytes) {
        AccountRecords records = new AccountRecords(world.db, null, null, null, null, world.clock);
        return new OutboxService(world.db, world.blobs, world.delivery(maxMessageBytes, a -> { }), world.resolver,
                records, world.here, world.clock, () -> { });
    }

    @Test
    void aCopyOverTheSizeLimitIsRefusedBeforeAnythingIsQueued() throws IOException {
        ServiceWorld.User alice = world.local("alice!", 10_000_000);
        ServiceWorld.User carol = world.remote("carol!");
        ServiceWorld.Sealed big = world.seal(alice, carol, "x".repeat(4000));

        assertThatThrownBy(() -> outbox(big.size() - 1).submit(alice.hash(), big.envelope(), big.content()))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
        assertThat(world.db.queue().size()).isZero();
        assertThat(world.blobFiles()).isZero();
    }

    @Test
    void queuedCopiesCountAgainstTheSendersQuotaAndTheOneThatWouldPassItIsRefused() throws IOException {
        ServiceWorld.User carol = world.remote("carol!");
        ServiceWorld.Sealed probe = world.seal(world.remote("probe!"), carol, "same length text");
        ServiceWorld.User alice = world.local("alice!", probe.size() * 2 + probe.size() / 2);
        OutboxService outbox = outbox(10_000_000);

        for (int i = 0; i < 2; i++) {
            ServiceWorld.Sealed copy = world.seal(alice, carol, "same length text");
            assertThat(outbox.submit(alice.hash(), copy.envelope(), copy.content()))
                    .isEqualTo(OutboxService.Outcome.QUEUED);
        }
        ServiceWorld.Sealed third = world.seal(alice, carol, "same length text");
        assertThatThrownBy(() -> outbox.submit(alice.hash(), third.envelope(), third.content()))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED));
        assertThat(world.db.queue().size()).isEqualTo(2);
        assertThat(world.blobFiles()).isEqualTo(2);
    }
}
