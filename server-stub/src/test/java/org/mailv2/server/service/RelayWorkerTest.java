package org.mailv2.server.service;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.UUID;
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
import org.mailv2.protocol.resolver.RecordRules;
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
        String blob;
        try (BlobStore.Staged staged = blobs.stage()) {
            try (OutputStream out = staged.output()) {
                out.write(new byte[] {1, 2, 3});
            }
            blob = staged.commit();
        }
        return db.queue().enqueue(new QueuedDelivery(0, alice, UUID.randomUUID(), bob, validEnvelope(),
                new byte[] {9}, blob, 4, 0, firstQueued, firstQueued, null));
    }

    private RelayWorker worker(Instant now) {
        return new RelayWorker(db, blobs, resolver, Duration.ofHours(72), Duration.ofMinutes(5),
                (item, reason) -> notices.add(reason), 1, "test", Clock.fixed(now, ZoneOffset.UTC));
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
