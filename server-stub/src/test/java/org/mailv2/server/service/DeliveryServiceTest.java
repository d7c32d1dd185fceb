package org.mailv2.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.security.SecureRandom;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.permit.Permit;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.server.store.CommitUnknownException;
import org.mailv2.server.store.StoredMessage;

/** Delivery keeps a committed row and its body together, whatever fails after the commit. */
class DeliveryServiceTest {
    @TempDir
    Path dir;

    private ServiceWorld world;
    private ServiceWorld.User alice;
    private ServiceWorld.User bob;

    @BeforeEach
    void setUp() throws IOException {
        world = new ServiceWorld(dir);
        alice = world.local("alice!", 10_000_000);
        bob = world.local("bob!", 10_000_000);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    @Test
    void aStoredMessageKeepsItsBodyWhenTheNewMailNoticeFailsAfterShutdown() throws IOException {
        DeliveryService delivery = world.delivery(10_000_000, account -> {
            throw new RejectedExecutionException("new-mail events are shut down");
        });
        ServiceWorld.Sealed copy = world.seal(bob, alice, "hello");

        try {
            delivery.deliver(copy.envelope(), copy.content());
        } catch (RuntimeException ignored) {
            // Whether the caller hears of the failed notice is not the point: the stored row must keep its body.
        }

        assertBodyIsThere(copy);
    }

    @Test
    void aCommitThatFailedAmbiguouslyKeepsTheBodyForTheRowThatMayExist() throws IOException {
        DeliveryService delivery = new DeliveryService(new CommitThenFailDatabase(world.db), world.blobs,
                world.resolver, ServiceWorld.BITS, 10_000_000, world.clock, account -> { });
        ServiceWorld.Sealed copy = world.seal(bob, alice, "hello");

        assertThatThrownBy(() -> delivery.deliver(copy.envelope(), copy.content()))
                .isInstanceOf(CommitUnknownException.class);

        assertBodyIsThere(copy);
    }

    @Test
    void aRefusedCopyLeavesNoBlobBehind() throws IOException {
        DeliveryService delivery = world.delivery(10_000_000, account -> { });
        ServiceWorld.Sealed copy = world.seal(bob, alice, "hello");
        delivery.deliver(copy.envelope(), copy.content());
        ServiceWorld.Sealed replay = new ServiceWorld.Sealed(copy.envelope(), copy.summary(), copy.body());
        world.db.messages().delete(alice.hash(), copy.messageId());

        assertThatThrownBy(() -> delivery.deliver(replay.envelope(), replay.content()))
                .isInstanceOf(ProtocolException.class);
        assertThat(world.blobFiles()).as("only the first copy's body, whose row was deleted by hand").isEqualTo(1);
    }

    @Test
    void aPermitAdmittedCopyThatAliceDeletedCannotBeReplayedUntilSheRevokesThePermit() throws IOException {
        DeliveryService delivery = world.delivery(10_000_000, account -> { });
        PermitId permitId = PermitId.random(new SecureRandom());
        world.db.permits().create(new Permit(permitId, alice.hash(), bob.hash(), Permit.Purpose.CONTACT,
                world.clock.instant()));
        ServiceWorld.Sealed copy = world.seal(bob, alice, "hello", permitId);
        assertThat(delivery.deliver(copy.envelope(), copy.content())).isEqualTo(DeliveryService.Outcome.STORED);
        world.db.messages().delete(alice.hash(), copy.messageId());

        // Whoever saw the copy on the way (bob's server, say) sends it again.
        assertThat(delivery.deliver(copy.envelope(), copy.content())).isEqualTo(DeliveryService.Outcome.DUPLICATE);
        assertThat(world.db.messages().get(alice.hash(), copy.messageId())).isEmpty();

        world.db.permits().revoke(permitId, alice.hash(), world.clock.instant());
        assertThatThrownBy(() -> delivery.deliver(copy.envelope(), copy.content()))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMIT_REVOKED));
        assertThat(world.db.messages().get(alice.hash(), copy.messageId())).isEmpty();
    }

    private void assertBodyIsThere(ServiceWorld.Sealed copy) throws IOException {
        StoredMessage stored = world.db.messages().get(alice.hash(), copy.messageId()).orElseThrow();
        try (InputStream body = world.blobs.open(stored.bodyBlob())) {
            assertThat(body.readAllBytes()).isEqualTo(copy.body());
        }
    }

    @Test
    void mailForASuspendedAccountIsRefusedAsSuspendedAndTakenAgainAfterResume() throws IOException {
        DeliveryService delivery = world.delivery(10_000_000, account -> { });
        ServiceWorld.Sealed copy = world.seal(bob, alice, "hello");
        world.db.accounts().suspend(alice.hash(), world.clock.instant());

        assertThatThrownBy(() -> delivery.deliver(copy.envelope(), copy.content()))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SUSPENDED));
        assertThat(world.blobFiles()).as("refused before the body was read").isZero();

        world.db.accounts().resume(alice.hash());
        assertThat(delivery.deliver(copy.envelope(), copy.content())).isEqualTo(DeliveryService.Outcome.STORED);
    }
}
