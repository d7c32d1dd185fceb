package org.mailv2.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.permit.Permit;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.server.store.SenderRule;

/**
 * Strangers wait at the door: alice's server files carol's stamped first contact in the screener, lets in whom alice
 * allowed or gave a permit, and refuses whom she blocked, before reading a byte of the body.
 */
class ScreenerTest {
    @TempDir
    Path dir;

    private ServiceWorld world;
    private ServiceWorld.User alice;
    private ServiceWorld.User carol;
    private DeliveryService delivery;
    private ScreenerService screener;

    @BeforeEach
    void setUp() throws IOException {
        world = new ServiceWorld(dir);
        alice = world.local("alice!", 10_000_000);
        carol = world.local("carol!", 10_000_000);
        delivery = world.delivery(10_000_000, account -> { });
        screener = new ScreenerService(world.db, world.clock);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    @Test
    void aStrangersStampedMailWaitsInTheScreenerAndAnAllowedSendersGoesToTheInbox() throws IOException {
        assertThat(boxOf(deliverFromCarol("hello"))).isEqualTo("screener");

        screener.put(alice.hash(), carol.hash(), SenderRule.Kind.ALLOW);

        assertThat(boxOf(deliverFromCarol("again"))).isEqualTo("inbox");
    }

    @Test
    void permitMailAndMailToAnAccountThatTurnedTheScreenerOffOrRunsAListGoToTheInbox() throws IOException {
        PermitId permitId = PermitId.random(new SecureRandom());
        world.db.permits().create(new Permit(permitId, alice.hash(), carol.hash(), Permit.Purpose.CONTACT,
                world.clock.instant()));
        ServiceWorld.Sealed withPermit = world.seal(carol, alice, "with a permit", permitId);
        delivery.deliver(withPermit.envelope(), withPermit.content());
        assertThat(boxOf(withPermit)).isEqualTo("inbox");

        screener.setScreening(alice.hash(), false);
        assertThat(boxOf(deliverFromCarol("screener off"))).isEqualTo("inbox");

        screener.setScreening(alice.hash(), true);
        world.db.directory().publish(alice.hash(), "{}".getBytes(), world.clock.instant());
        assertThat(boxOf(deliverFromCarol("subscribe me"))).isEqualTo("inbox");
    }

    @Test
    void aBlockedSenderIsRefusedEvenWithAPermitAndNothingIsStoredUntilUnblocked() throws IOException {
        PermitId permitId = PermitId.random(new SecureRandom());
        world.db.permits().create(new Permit(permitId, alice.hash(), carol.hash(), Permit.Purpose.CONTACT,
                world.clock.instant()));
        screener.put(alice.hash(), carol.hash(), SenderRule.Kind.BLOCK);
        ServiceWorld.Sealed stamped = world.seal(carol, alice, "let me in");
        ServiceWorld.Sealed withPermit = world.seal(carol, alice, "let me in", permitId);

        for (ServiceWorld.Sealed copy : new ServiceWorld.Sealed[] {stamped, withPermit}) {
            assertThatThrownBy(() -> delivery.deliver(copy.envelope(), copy.content()))
                    .isInstanceOfSatisfying(ProtocolException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.BLOCKED));
            assertThat(world.db.messages().get(alice.hash(), copy.messageId())).isEmpty();
        }
        assertThat(world.blobFiles()).isZero();

        screener.remove(alice.hash(), carol.hash(), SenderRule.Kind.BLOCK);
        delivery.deliver(stamped.envelope(), stamped.content());
        assertThat(boxOf(stamped)).as("the stamp was not spent by the refusal").isEqualTo("screener");
    }

    @Test
    void aliceSetsHerPriceAndHerServerAsksTheLargerOfItsOwnAndHers() throws IOException {
        AddressRecord priced = alice.record().pricedAt(ServiceWorld.BITS + 4, alice.signing());
        world.resolver.publish(priced, null);
        ServiceWorld.Sealed cheap = world.seal(carol, alice, "at the server's price");

        assertThatThrownBy(() -> delivery.deliver(cheap.envelope(), cheap.content()))
                .isInstanceOfSatisfying(PowRequired.class, e -> assertThat(e.bits()).isEqualTo(ServiceWorld.BITS + 4));
        assertThat(world.db.messages().get(alice.hash(), cheap.messageId())).isEmpty();

        ServiceWorld.Sealed paid = world.seal(carol, alice, "at alice's price", null, ServiceWorld.BITS + 4);
        assertThat(delivery.deliver(paid.envelope(), paid.content())).isEqualTo(DeliveryService.Outcome.STORED);

        world.resolver.publish(priced.pricedAt(1, alice.signing()), null);
        ServiceWorld.Sealed floor = world.seal(carol, alice, "the server's floor still holds");
        assertThat(delivery.deliver(floor.envelope(), floor.content())).isEqualTo(DeliveryService.Outcome.STORED);
    }

    @Test
    void badScreenerRequestsChangeNothing() {
        assertThatThrownBy(() -> screener.put(alice.hash(), alice.hash(), SenderRule.Kind.BLOCK))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED));
        assertThatThrownBy(() -> screener.remove(alice.hash(), carol.hash(), SenderRule.Kind.ALLOW))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_RECIPIENT));
        assertThat(screener.rules(alice.hash(), SenderRule.Kind.BLOCK)).isEmpty();
        assertThat(screener.rules(alice.hash(), SenderRule.Kind.ALLOW)).isEmpty();
    }

    private ServiceWorld.Sealed deliverFromCarol(String text) throws IOException {
        ServiceWorld.Sealed copy = world.seal(carol, alice, text);
        assertThat(delivery.deliver(copy.envelope(), copy.content())).isEqualTo(DeliveryService.Outcome.STORED);
        return copy;
    }

    private String boxOf(ServiceWorld.Sealed copy) {
        return world.db.messages().get(alice.hash(), copy.messageId()).orElseThrow().box();
    }
}
