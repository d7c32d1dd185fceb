package org.mailv2.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.pow.StampVerifier;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.KeyChange;
import org.mailv2.protocol.resolver.RecordRules;
import org.mailv2.protocol.resolver.RetiredKeys;

/**
 * A delivery checks its sender's record as the database holds it at that moment, although unchanged records are not
 * verified again for every message: after a rotation or a change made behind the resolver's back, the answer is the
 * one a server that never saw the old record would give.
 */
class SenderRecordChecksTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    private ServiceWorld world;
    private RecordService records;
    private ServiceWorld.User alice;
    private ServiceWorld.User bob;

    @BeforeEach
    void setUp() throws IOException {
        world = new ServiceWorld(dir);
        records = new RecordService(world.db, new RecordRules(new StampVerifier(world.clock), ServiceWorld.BITS),
                world.clock);
        alice = world.local("alice!", 10_000_000);
        bob = world.local("bob!", 10_000_000);
        world.db.records().addKeyChange(new KeyChange(alice.record(), world.clock.instant()));
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private DeliveryService delivery() {
        return new DeliveryService(world.db, world.blobs, records, ServiceWorld.BITS, 10_000_000, world.clock,
                account -> { });
    }

    private ErrorCode refusal(DeliveryService delivery, ServiceWorld.User from) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> {
            ServiceWorld.Sealed copy = world.seal(from, bob, "hello");
            delivery.deliver(copy.envelope(), copy.content());
        });
        return thrown instanceof ProtocolException refused ? refused.code() : null;
    }

    @Test
    void afterARotationTheOldKeySignsOnlyForItsGraceThoughItsRecordWasVerifiedBefore() throws IOException {
        DeliveryService delivery = delivery();
        assertThat(refusal(delivery, alice)).isNull();
        SigningPrivateKey key2 = SigningPrivateKey.generate(RANDOM);
        EncryptionIdentity encryption2 = EncryptionIdentity.generate(RANDOM);
        AddressRecord rotated = alice.record().rotatedTo(alice.signing(), key2, encryption2.recipient());
        records.publish(rotated, null);
        ServiceWorld.User aliceNow = new ServiceWorld.User(alice.address(), key2, encryption2, rotated);

        world.clock.advance(Duration.ofDays(1));
        assertThat(refusal(delivery, alice)).isNull();
        assertThat(refusal(delivery, aliceNow)).isNull();

        world.clock.advance(RetiredKeys.GRACE);
        assertThat(refusal(delivery, alice)).isEqualTo(ErrorCode.BAD_SIGNATURE);
        assertThat(refusal(delivery(), alice)).isEqualTo(ErrorCode.BAD_SIGNATURE);
        assertThat(refusal(delivery, aliceNow)).isNull();
    }

    @Test
    void aRecordForgedInTheDatabaseIsCheckedAgainNotAnsweredFromWhatWasVerifiedBefore() throws IOException {
        DeliveryService delivery = delivery();
        assertThat(refusal(delivery, alice)).isNull();
        assertThat(refusal(delivery, alice)).isNull();
        SigningPrivateKey mallory = SigningPrivateKey.generate(RANDOM);
        AddressRecord genuine = alice.record();
        AddressRecord forged = new AddressRecord(genuine.version(), genuine.addressHash(), mallory.publicKey(),
                genuine.encryptionKey(), genuine.keyBinding(), genuine.routingId(), genuine.serial() + 1, null, null,
                null, null, null, genuine.signature());
        assertThat(world.db.records().putAddress(forged, genuine.serial())).isTrue();
        ServiceWorld.User forger = new ServiceWorld.User(alice.address(), mallory, alice.encryption(), forged);

        assertThat(refusal(delivery, forger)).isEqualTo(ErrorCode.BAD_SIGNATURE);
        assertThat(refusal(delivery, alice)).isEqualTo(ErrorCode.BAD_SIGNATURE);
        assertThat(refusal(delivery(), forger)).isEqualTo(ErrorCode.BAD_SIGNATURE);
        assertThatThrownBy(forged::verifySelf).isInstanceOf(ProtocolException.class);
    }
}
