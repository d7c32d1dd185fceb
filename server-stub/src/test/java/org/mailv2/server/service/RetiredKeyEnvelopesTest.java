package org.mailv2.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.pow.StampVerifier;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.InMemoryResolver;
import org.mailv2.protocol.resolver.RecordRules;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.protocol.seal.UnsignedEnvelope;

/** Which key a server checks an envelope against after its sender rotated: mail in flight, and nothing else. */
class RetiredKeyEnvelopesTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant ROTATED = Instant.parse("2026-12-01T12:00:00Z");

    private final Address alice = Address.parse("alice!");
    private final SigningPrivateKey key1 = SigningPrivateKey.generate(RANDOM);
    private final SigningPrivateKey key2 = SigningPrivateKey.generate(RANDOM);
    private final SigningPrivateKey stranger = SigningPrivateKey.generate(RANDOM);
    private final InMemoryResolver resolver = new InMemoryResolver(new RecordRules(
            new StampVerifier(Clock.fixed(ROTATED, ZoneOffset.UTC)), 4), Clock.fixed(ROTATED, ZoneOffset.UTC));
    private final AddressRecord current;

    RetiredKeyEnvelopesTest() {
        AddressRecord first = AddressRecord.create(alice.hash(), key1, EncryptionIdentity.generate(RANDOM).recipient(),
                Sha256.hash("server"));
        resolver.publish(first, new StampSolver(1).solve(first.creationStampHeader(4, LocalDate.of(2026, 12, 1)), 0,
                null));
        current = first.rotatedTo(key1, key2, EncryptionIdentity.generate(RANDOM).recipient());
        resolver.publish(current, null);
    }

    private Envelope signedBy(SigningPrivateKey key) {
        return new UnsignedEnvelope(1, UUID.randomUUID(), alice.hash(), Address.parse("bob!").hash(), key.keyId(), 10,
                Sha256.hash("summary"), 10, Sha256.hash("body")).sign(key, null, null);
    }

    private boolean accepted(Envelope envelope, Instant now) throws Exception {
        try {
            envelope.verifySignature(DeliveryService.signerOf(envelope, current, resolver,
                    Clock.fixed(now, ZoneOffset.UTC)));
            return true;
        } catch (org.mailv2.protocol.error.ProtocolException refused) {
            return false;
        }
    }

    @Test
    void theCurrentKeySignsAlways() throws Exception {
        assertThat(accepted(signedBy(key2), ROTATED.plus(Duration.ofDays(400)))).isTrue();
    }

    @Test
    void theReplacedKeySignsMailInFlightForFourDaysAndThenNoLonger() throws Exception {
        assertThat(accepted(signedBy(key1), ROTATED.plus(Duration.ofDays(3)))).isTrue();
        assertThat(accepted(signedBy(key1), ROTATED.plus(Duration.ofDays(4)).minusSeconds(1))).isTrue();
        assertThat(accepted(signedBy(key1), ROTATED.plus(Duration.ofDays(4)))).isFalse();
    }

    @Test
    void aKeyOutsideTheAddresssChainNeverSigns() throws Exception {
        assertThat(accepted(signedBy(stranger), ROTATED)).isFalse();
    }
}
