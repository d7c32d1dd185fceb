package org.mailv2.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.api.MoveRequest;
import org.mailv2.protocol.api.MovedNotice;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.RoutingRecord;
import org.mailv2.server.store.StoredMessage;

/**
 * Both ends of a move without HTTP, over the real SQLite store: the new server's registration before the move, the
 * old server's moved notice, its forwarding and then its refusal, and the import of sealed copies. Every forgery is
 * refused with its stable code and leaves nothing behind.
 */
class AccountMoveServiceTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    private ServiceWorld world;
    private MoveService moves;
    private AccountRecords records;

    @BeforeEach
    void setUp() throws IOException {
        world = new ServiceWorld(dir);
        records = new AccountRecords(world.db, null, null, null, null, world.clock);
        moves = new MoveService(world.db, world.here, false, null, ServiceWorld.BITS, 1_000_000, world.resolver,
                false, records, world.clock);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    // ---- the new server: registering before the move

    @Test
    void anAccountFromElsewhereRegistersWithItsSuccessorRecordAndNothingIsPublished() throws IOException {
        ServiceWorld.User alice = world.remote("alice!");
        AddressRecord successor = alice.record().movedTo(world.here, alice.signing());

        moves.arrive(new MoveRequest(successor, world.creationStamp(successor), null));

        assertThat(world.db.accounts().find(alice.hash())).isPresent();
        assertThat(world.db.moves().arrival(alice.hash()).orElseThrow().recordJson()).isEqualTo(successor.toJson());
        assertThat(world.resolver.address(alice.hash()).orElseThrow().routingId())
                .as("the resolver still routes her to her old server").isEqualTo(world.elsewhere.routingId());
        assertThat(world.db.records().address(alice.hash()).orElseThrow().toJson())
                .as("tokens are checked against the resolver's record, whose key is hers")
                .isEqualTo(alice.record().toJson());
    }

    @Test
    void aSuccessorSignedByAnotherKeyIsRefusedAndNothingIsStored() {
        ServiceWorld.User alice = world.remote("alice!");
        SigningPrivateKey mallory = SigningPrivateKey.generate(RANDOM);
        AddressRecord forged = AddressRecord.create(alice.hash(), mallory, alice.encryption().recipient(),
                world.here).movedTo(world.here, mallory);

        assertRefusedAndNothingStored(alice, new MoveRequest(forged, world.creationStamp(forged), null),
                ErrorCode.KEY_CHANGE_UNSIGNED);
    }

    @Test
    void aSuccessorRoutingElsewhereIsRefused() {
        ServiceWorld.User alice = world.remote("alice!");
        Sha256 third = RoutingRecord.create(SigningPrivateKey.generate(RANDOM), "https://third.example",
                Sha256.hash("third"), 1).routingId();
        AddressRecord wrong = alice.record().movedTo(third, alice.signing());

        assertRefusedAndNothingStored(alice, new MoveRequest(wrong, world.creationStamp(wrong), null),
                ErrorCode.MALFORMED);
    }

    @Test
    void aRecordWithoutAHigherSerialIsStale() {
        ServiceWorld.User alice = world.remote("alice!");
        AddressRecord stale = AddressRecord.create(alice.hash(), alice.signing(), alice.encryption().recipient(),
                world.here);

        assertRefusedAndNothingStored(alice, new MoveRequest(stale, world.creationStamp(stale), null),
                ErrorCode.STALE_SERIAL);
    }

    @Test
    void aMoveWithoutAStampOrWithAStampForAnotherRecordIsRefused() {
        ServiceWorld.User alice = world.remote("alice!");
        AddressRecord successor = alice.record().movedTo(world.here, alice.signing());

        assertRefusedAndNothingStored(alice, new MoveRequest(successor, null, null), ErrorCode.POW_REQUIRED);
        assertRefusedAndNothingStored(alice, new MoveRequest(successor, world.creationStamp(alice.record()), null),
                ErrorCode.POW_INVALID);
    }

    @Test
    void aReplayedRegistrationFindsItsStampSpent() throws IOException {
        ServiceWorld.User alice = world.remote("alice!");
        AddressRecord successor = alice.record().movedTo(world.here, alice.signing());
        Stamp stamp = world.creationStamp(successor);
        moves.arrive(new MoveRequest(successor, stamp, null));
        // The operator deletes the account; someone who saw the request sends it again.
        world.db.accounts().delete(alice.hash());

        assertThatThrownBy(() -> moves.arrive(new MoveRequest(successor, stamp, null)))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STAMP_REPLAYED));
        assertThat(world.db.accounts().find(alice.hash())).isEmpty();
        assertThat(world.db.moves().arrival(alice.hash())).isEmpty();
    }

    @Test
    void anAccountThatLivesHereAlreadyCannotArriveAgain() {
        ServiceWorld.User alice = world.local("alice!", 1_000_000);
        AddressRecord again = alice.record().movedTo(world.here, alice.signing());

        assertThatThrownBy(() -> moves.arrive(new MoveRequest(again, world.creationStamp(again), null)))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    }

    private void assertRefusedAndNothingStored(ServiceWorld.User who, MoveRequest request, ErrorCode code) {
        assertThatThrownBy(() -> moves.arrive(request)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(code));
        assertThat(world.db.accounts().find(who.hash())).isEmpty();
        assertThat(world.db.moves().arrival(who.hash())).isEmpty();
        assertThat(world.db.records().address(who.hash())).isEmpty();
    }

    // ---- the old server: the moved notice

    /** alice lives here, and has published a record routing her elsewhere. */
    private AddressRecord aliceMovedAway(ServiceWorld.User alice) {
        AddressRecord published = alice.record().movedTo(world.elsewhere.routingId(), alice.signing());
        world.resolver.publish(published, null);
        return published;
    }

    @Test
    void theAccountsOwnPublishedRecordMovesItAwayAndSayingItTwiceChangesNothing() throws IOException {
        ServiceWorld.User alice = world.local("alice!", 1_000_000);
        AddressRecord published = aliceMovedAway(alice);

        moves.departed(alice.hash(), new MovedNotice(published));
        moves.departed(alice.hash(), new MovedNotice(published));

        var departure = world.db.moves().departure(alice.hash()).orElseThrow();
        assertThat(departure.toRoutingId()).isEqualTo(world.elsewhere.routingId());
        assertThat(departure.serial()).isEqualTo(2);
    }

    @Test
    void forgedMovedNoticesAreRefusedAndTheAccountStaysHere() {
        ServiceWorld.User alice = world.local("alice!", 1_000_000);
        ServiceWorld.User bob = world.local("bob!", 1_000_000);
        AddressRecord published = aliceMovedAway(alice);
        SigningPrivateKey mallory = SigningPrivateKey.generate(RANDOM);
        AddressRecord byAnotherKey = AddressRecord.create(alice.hash(), mallory, alice.encryption().recipient(),
                world.here).movedTo(world.elsewhere.routingId(), mallory).movedTo(world.elsewhere.routingId(),
                mallory);
        AddressRecord routingHere = published.movedTo(world.here, alice.signing());
        AddressRecord unpublished = published.movedTo(world.elsewhere.routingId(), alice.signing());

        assertNoticeRefused(alice, byAnotherKey, ErrorCode.BAD_SIGNATURE);
        assertNoticeRefused(alice, routingHere, ErrorCode.MALFORMED);
        assertNoticeRefused(alice, unpublished, ErrorCode.FORBIDDEN);
        assertNoticeRefused(alice, alice.record(), ErrorCode.MALFORMED);
        // bob's token with alice's record: not his to give.
        assertThatThrownBy(() -> moves.departed(bob.hash(), new MovedNotice(published)))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThat(world.db.moves().departure(bob.hash())).isEmpty();
        // A newer record at the resolver makes this one stale.
        world.resolver.publish(published.movedTo(world.elsewhere.routingId(), alice.signing()), null);
        assertNoticeRefused(alice, published, ErrorCode.STALE_SERIAL);
    }

    private void assertNoticeRefused(ServiceWorld.User who, AddressRecord record, ErrorCode code) {
        assertThatThrownBy(() -> moves.departed(who.hash(), new MovedNotice(record)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(code));
        assertThat(world.db.moves().departure(who.hash())).isEmpty();
    }

    // ---- the old server: forwarding, then `moved`

    @Test
    void mailForAMovedAccountIsQueuedOnceForItsNewServerThenRefusedWithMovedAfterTheGracePeriod()
            throws IOException {
        ServiceWorld.User alice = world.local("alice!", 1_000_000);
        ServiceWorld.User bob = world.remote("bob!");
        moves.departed(alice.hash(), new MovedNotice(aliceMovedAway(alice)));
        DeliveryService delivery = new DeliveryService(world.db, world.blobs, world.resolver, ServiceWorld.BITS,
                1_000_000, world.clock, a -> { }, DeliveryMeters.NONE, Duration.ofDays(30), world.here);
        ServiceWorld.Sealed copy = world.seal(bob, alice, "hello");

        assertThat(delivery.deliver(copy.envelope(), copy.content())).isEqualTo(DeliveryService.Outcome.STORED);
        assertThat(delivery.deliver(copy.envelope(), copy.content())).isEqualTo(DeliveryService.Outcome.DUPLICATE);

        assertThat(world.db.messages().get(alice.hash(), copy.messageId())).as("not stored here").isEmpty();
        assertThat(world.db.queue().all()).singleElement().satisfies(item -> {
            assertThat(item.recipient()).isEqualTo(alice.hash());
            assertThat(item.sender()).as("queued under the moved account").isEqualTo(alice.hash());
            assertThat(item.messageId()).isEqualTo(copy.messageId());
        });

        world.clock.advance(Duration.ofDays(30));
        ServiceWorld.Sealed late = world.seal(bob, alice, "too late");
        assertThatThrownBy(() -> delivery.deliver(late.envelope(), late.content()))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MOVED));
        assertThat(world.db.queue().all()).hasSize(1);
        assertThat(world.db.messages().get(alice.hash(), late.messageId())).isEmpty();
    }

    @Test
    void aMovedAccountReadsHereDuringTheGracePeriodAndIsToldItMovedAfterIt() throws IOException {
        ServiceWorld.User alice = world.local("alice!", 1_000_000);
        moves.departed(alice.hash(), new MovedNotice(aliceMovedAway(alice)));
        Authenticator auth = new Authenticator(world.db, records, world.here, world.clock, Duration.ofDays(30));
        String header = "Mailv2 " + org.mailv2.protocol.auth.AuthToken.issue(alice.signing(), alice.hash(),
                world.here, world.clock, Duration.ofMinutes(5));

        assertThat(auth.authenticate(header)).isEqualTo(alice.hash());
        world.clock.advance(Duration.ofDays(30));
        String later = "Mailv2 " + org.mailv2.protocol.auth.AuthToken.issue(alice.signing(), alice.hash(),
                world.here, world.clock, Duration.ofMinutes(5));
        assertThatThrownBy(() -> auth.authenticate(later)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.MOVED));
    }

    @Test
    void aMovedAccountsMailStaysHereWhileTheResolverStillRoutesItHere() throws IOException {
        ServiceWorld.User alice = world.local("alice!", 1_000_000);
        ServiceWorld.User bob = world.remote("bob!");
        // Recorded as moved, but the resolver routes her here again (a move back, or a resolver gone wrong):
        // forwarding would hand her mail back to this server.
        moves.departed(alice.hash(), new MovedNotice(aliceMovedAway(alice)));
        world.resolver.publish(world.resolver.address(alice.hash()).orElseThrow().movedTo(world.here,
                alice.signing()), null);
        ServiceWorld.Sealed copy = world.seal(bob, alice, "hello");

        new DeliveryService(world.db, world.blobs, world.resolver, ServiceWorld.BITS, 1_000_000, world.clock,
                a -> { }, DeliveryMeters.NONE, Duration.ofDays(30), world.here).deliver(copy.envelope(),
                copy.content());

        assertThat(world.db.messages().get(alice.hash(), copy.messageId())).isPresent();
        assertThat(world.db.queue().all()).isEmpty();
    }

    @Test
    void aLocalSendersCopyForAMovedAccountGoesToTheRelay() throws IOException {
        ServiceWorld.User alice = world.local("alice!", 1_000_000);
        ServiceWorld.User carol = world.local("carol!", 1_000_000);
        moves.departed(alice.hash(), new MovedNotice(aliceMovedAway(alice)));
        OutboxService outbox = new OutboxService(world.db, world.blobs, world.delivery(1_000_000, a -> { }),
                world.resolver, records, world.here, world.clock, () -> { });
        ServiceWorld.Sealed copy = world.seal(carol, alice, "hello");

        assertThat(outbox.submit(carol.hash(), copy.envelope(), copy.content()))
                .isEqualTo(OutboxService.Outcome.QUEUED);
        assertThat(world.db.queue().all()).singleElement()
                .satisfies(item -> assertThat(item.sender()).isEqualTo(carol.hash()));
        assertThat(world.db.messages().get(alice.hash(), copy.messageId())).isEmpty();
    }

    // ---- import

    @Test
    void anImportedCopyIsStoredOnceInItsBoxWithItsFlags() throws IOException {
        ServiceWorld.User alice = world.local("alice!", 1_000_000);
        ServiceWorld.User bob = world.remote("bob!");
        ServiceWorld.Sealed copy = world.seal(bob, alice, "hello");
        ImportService imports = new ImportService(world.db, world.blobs, 1_000_000, world.clock);
        Set<StoredMessage.Flag> seen = Set.of(StoredMessage.Flag.SEEN);

        assertThat(imports.importCopy(alice.hash(), copy.envelope(), copy.content(), "archive", seen))
                .isEqualTo(ImportService.Outcome.STORED);
        assertThat(imports.importCopy(alice.hash(), copy.envelope(), copy.content(), "archive", seen))
                .isEqualTo(ImportService.Outcome.DUPLICATE);
        StoredMessage stored = world.db.messages().get(alice.hash(), copy.messageId()).orElseThrow();
        assertThat(stored.box()).isEqualTo("archive");
        assertThat(stored.flags()).containsExactly(StoredMessage.Flag.SEEN);
        assertThat(world.blobFiles()).isEqualTo(1);
        // The same copy delivered once more (forwarded by the old server) is the same message.
        assertThat(world.delivery(1_000_000, a -> { }).deliver(copy.envelope(), copy.content()))
                .isEqualTo(DeliveryService.Outcome.DUPLICATE);
    }

    @Test
    void importsOfSomeoneElsesTamperedOrOversizedCopiesAreRefusedAndNothingIsKept() throws IOException {
        ServiceWorld.User alice = world.local("alice!", 1_000_000);
        ServiceWorld.User bob = world.remote("bob!");
        ServiceWorld.User carol = world.remote("carol!");
        ImportService imports = new ImportService(world.db, world.blobs, 1_000_000, world.clock);
        ServiceWorld.Sealed forCarol = world.seal(bob, carol, "not hers");
        ServiceWorld.Sealed forAlice = world.seal(bob, alice, "hers");
        byte[] body = forAlice.body().clone();
        body[body.length / 2] ^= 1;
        ServiceWorld.Sealed tampered = new ServiceWorld.Sealed(forAlice.envelope(), forAlice.summary(), body);

        assertImportRefused(imports, alice, forCarol, "inbox", ErrorCode.NOT_RECIPIENT);
        assertImportRefused(imports, alice, tampered, "inbox", ErrorCode.TAMPERED);
        assertImportRefused(imports, alice, forAlice, "../inbox", ErrorCode.MALFORMED);
        assertImportRefused(new ImportService(world.db, world.blobs, forAlice.size() - 1, world.clock), alice,
                forAlice, "inbox", ErrorCode.TOO_LARGE);
        assertThat(world.blobFiles()).isZero();
    }

    private void assertImportRefused(ImportService imports, ServiceWorld.User into, ServiceWorld.Sealed copy,
                                     String box, ErrorCode code) {
        assertThatThrownBy(() -> imports.importCopy(into.hash(), copy.envelope(), copy.content(), box, Set.of()))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(code));
        assertThat(world.db.messages().get(into.hash(), copy.messageId())).isEmpty();
    }

    @Test
    void theRelayResolvesAgainOnMovedInsteadOfGivingUp() {
        assertThat(RelayWorker.isPermanent(ErrorCode.MOVED)).isFalse();
        RouteCache cache = new RouteCache(Duration.ofMinutes(5), world.clock);
        Sha256 alice = Sha256.hash("alice!");
        cache.put(alice, world.here);
        assertThat(cache.get(alice)).isEqualTo(world.here);
        cache.forget(alice);
        assertThat(cache.get(alice)).isNull();
        cache.put(alice, world.here);
        world.clock.advance(Duration.ofMinutes(5));
        assertThat(cache.get(alice)).as("expired").isNull();
    }
}
