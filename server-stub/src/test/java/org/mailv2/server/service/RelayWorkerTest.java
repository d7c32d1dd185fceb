package org.mailv2.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.pow.StampVerifier;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.InMemoryResolver;
import org.mailv2.protocol.resolver.OrganisationRecord;
import org.mailv2.protocol.resolver.RecordRules;
import org.mailv2.protocol.resolver.Resolver;
import org.mailv2.protocol.resolver.RoutingRecord;
import org.mailv2.server.store.Account;
import org.mailv2.server.store.BlobStore;
import org.mailv2.server.store.QueuedDelivery;
import org.mailv2.server.store.file.FileBlobStore;
import org.mailv2.server.store.sql.SqlDatabase;

/** The relay's retry policy, against a recipient server that refuses connections (127.0.0.1 port 1). */
class RelayWorkerTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");

    @TempDir
    Path dir;

    private SqlDatabase db;
    private BlobStore blobs;
    private InMemoryResolver resolver;
    private final List<String> notices = new ArrayList<>();
    private final Sha256 alice = Sha256.hash("alice!");
    private final Sha256 bob = Sha256.hash("bob!");
    private final Sha256 nobody = Sha256.hash("nobody!");
    private final AtomicInteger relayAttempts =
            new AtomicInteger();
    private volatile boolean noticesFail;
    /** The resolver as the relay sees it, counting the recipient lookup that starts every relay attempt. */
    private final Resolver recipientLookups = new Resolver() {
        @Override
        public Optional<AddressRecord> address(Sha256 hash) throws IOException {
            if (!hash.matches(alice)) {
                relayAttempts.incrementAndGet();
            }
            return resolver.address(hash);
        }

        @Override
        public Optional<RoutingRecord> routing(Sha256 routingId) throws IOException {
            return resolver.routing(routingId);
        }

        @Override
        public Optional<org.mailv2.protocol.resolver.OrganisationRecord> organisation(Sha256 hash)
                throws IOException {
            return resolver.organisation(hash);
        }
    };

    @BeforeEach
    void setUp() throws IOException {
        db = SqlDatabase.sqlite(dir);
        blobs = new FileBlobStore(dir.resolve("blobs"));
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        resolver = new InMemoryResolver(new RecordRules(new StampVerifier(clock), 4));
        SigningPrivateKey server = SigningPrivateKey.generate(RANDOM);
        RoutingRecord unreachable = RoutingRecord.create(server, "https://127.0.0.1:1", Sha256.hash("cert"), 1);
        resolver.publish(unreachable);
        SigningPrivateKey bobKey = SigningPrivateKey.generate(RANDOM);
        AddressRecord bobRecord = AddressRecord.create(bob, bobKey, EncryptionIdentity.generate(RANDOM).recipient(),
                unreachable.routingId());
        resolver.publish(bobRecord, new StampSolver(1).solve(bobRecord.creationStampHeader(4,
                T0.atZone(ZoneOffset.UTC).toLocalDate()), 0, null));
        db.accounts().create(new Account(alice, T0, 1 << 20));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private QueuedDelivery queued(Instant firstQueued) throws IOException {
        return queued(firstQueued, bob);
    }

    private QueuedDelivery queued(Instant firstQueued, Sha256 recipient) throws IOException {
        String blob;
        try (BlobStore.Staged staged = blobs.stage()) {
            try (OutputStream out = staged.output()) {
                out.write(new byte[] {1, 2, 3});
            }
            blob = staged.commit();
        }
        return db.queue().enqueue(new QueuedDelivery(0, alice, UUID.randomUUID(), recipient, validEnvelope(),
                new byte[] {9}, blob, 4, 0, firstQueued, firstQueued, null, null));
    }

    private RelayWorker worker(Instant now) {
        return new RelayWorker(db, blobs, recipientLookups, Duration.ofHours(72), Duration.ofMinutes(5),
                (item, reason) -> {
                    if (noticesFail) {
                        throw new IOException("the sender's mailbox is full");
                    }
                    notices.add(reason);
                }, 1, "test", Clock.fixed(now, ZoneOffset.UTC));
    }

    /** Relays once what is due at {@code now}; false when nothing was due. */
    private boolean relayDue(Instant now) {
        var claimed = db.queue().claim("test/main", now, Duration.ofMinutes(5));
        claimed.ifPresent(item -> worker(now).relay(item, "test/main"));
        return claimed.isPresent();
    }

    @Test
    void aGiveUpWhoseNoticeCannotBeStoredIsNeverRelayedAgainOnlyItsNoticeIsRetried() throws IOException {
        queued(T0, nobody);
        noticesFail = true;
        assertThat(relayDue(T0)).isTrue();
        assertThat(relayAttempts).as("refused for good: the recipient has no record").hasValue(1);

        for (int hours = 2; hours <= 8; hours += 2) {
            assertThat(relayDue(T0.plus(Duration.ofHours(hours)))).as("the notice is retried").isTrue();
        }
        assertThat(relayAttempts).as("the message itself was not sent again").hasValue(1);
        assertThat(db.queue().size()).isEqualTo(1);

        noticesFail = false;
        assertThat(relayDue(T0.plus(Duration.ofHours(10)))).isTrue();
        assertThat(notices).containsExactly("unknown_recipient");
        assertThat(relayAttempts).hasValue(1);
        assertThat(db.queue().size()).isZero();
    }

    @Test
    void aNoticeThatCanNeverBeStoredEndsWithTheRetryWindowAndTheCopyIsDropped() throws IOException {
        QueuedDelivery item = queued(T0, nobody);
        noticesFail = true;
        assertThat(relayDue(T0.plus(Duration.ofHours(97)))).isTrue();
        assertThat(db.queue().size()).isZero();
        assertThat(notices).isEmpty();
        assertThatThrownBy(() -> blobs.open(item.bodyBlob()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void anUnreachableServerIsRetriedLaterWithBackoff() throws IOException {
        QueuedDelivery item = queued(T0);
        RelayWorker relay = worker(T0);
        QueuedDelivery claimed = db.queue().claim("test/main", T0, Duration.ofMinutes(5)).orElseThrow();
        relay.relay(claimed, "test/main");
        assertThat(notices).isEmpty();
        assertThat(db.queue().size()).isEqualTo(1);
        assertThat(db.queue().claim("x", T0, Duration.ofMinutes(5))).as("not due yet").isEmpty();
        QueuedDelivery retried = db.queue().claim("x", T0.plusSeconds(3), Duration.ofMinutes(5)).orElseThrow();
        assertThat(retried.id()).isEqualTo(item.id());
        assertThat(retried.attempts()).isEqualTo(1);
    }

    @Test
    void afterTheRetryWindowTheSenderIsToldAndTheItemIsGone() throws IOException {
        queued(T0);
        Instant late = T0.plus(Duration.ofHours(73));
        QueuedDelivery claimed = db.queue().claim("test/main", late, Duration.ofMinutes(5)).orElseThrow();
        worker(late).relay(claimed, "test/main");
        assertThat(notices).singleElement().asString().startsWith("retry window over");
        assertThat(db.queue().size()).isZero();
        assertThat(DeliveryStatusNotifier.explain(notices.get(0))).contains("could not be reached");
    }

    @Test
    void permanentRefusalsAreNotRetried() {
        assertThat(RelayWorker.isPermanent(org.mailv2.protocol.error.ErrorCode.UNKNOWN_RECIPIENT)).isTrue();
        assertThat(RelayWorker.isPermanent(org.mailv2.protocol.error.ErrorCode.POW_REQUIRED)).isTrue();
        assertThat(RelayWorker.isPermanent(org.mailv2.protocol.error.ErrorCode.RATE_LIMITED)).isFalse();
        assertThat(RelayWorker.isPermanent(org.mailv2.protocol.error.ErrorCode.INTERNAL)).isFalse();
    }

    private byte[] validEnvelope() {
        SigningPrivateKey key = SigningPrivateKey.generate(RANDOM);
        return new org.mailv2.protocol.seal.UnsignedEnvelope(1, UUID.randomUUID(), alice, bob, key.keyId(), 1,
                Sha256.hash(new byte[] {9}), 3, Sha256.hash(new byte[] {1, 2, 3})).sign(key, null, null).toJson();
    }
}
