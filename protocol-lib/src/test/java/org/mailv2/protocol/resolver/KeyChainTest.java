package org.mailv2.protocol.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.pow.StampVerifier;

/** Walking rotations from a pinned key: what an honest resolver's history allows, and what a lying one cannot add. */
class KeyChainTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);
    private static final int BITS = 4;

    private final Sha256 aliceHash = Address.parse("alice!").hash();
    private final Sha256 routingB = Sha256.hash("server b");
    private final Sha256 routingC = Sha256.hash("server c");
    private final InMemoryResolver resolver = new InMemoryResolver(new RecordRules(new StampVerifier(CLOCK), BITS),
            CLOCK);
    private final SigningPrivateKey key1 = SigningPrivateKey.generate(RANDOM);
    private final SigningPrivateKey key2 = SigningPrivateKey.generate(RANDOM);
    private final SigningPrivateKey key3 = SigningPrivateKey.generate(RANDOM);
    private final AddressRecord first = AddressRecord.create(aliceHash, key1, enc(), routingB);

    private static org.mailv2.protocol.keys.EncryptionRecipient enc() {
        return EncryptionIdentity.generate(RANDOM).recipient();
    }

    /** key1 → key2, a move to C, key2 → key3: the resolver holds three key changes and five records in all. */
    private AddressRecord rotateTwiceWithAMoveBetween() {
        resolver.publish(first, new StampSolver(1).solve(first.creationStampHeader(BITS,
                LocalDate.of(2026, 12, 1)), 0, null));
        AddressRecord r2 = first.rotatedTo(key1, key2, enc());
        resolver.publish(r2, null);
        AddressRecord moved = r2.movedTo(routingC, key2);
        resolver.publish(moved, null);
        AddressRecord r4 = moved.rotatedTo(key2, key3, enc());
        resolver.publish(r4, null);
        AddressRecord priced = r4.pricedAt(12, key3);
        resolver.publish(priced, null);
        return priced;
    }

    @Test
    void aPinOnTheFirstKeyWalksBothRotationsAcrossTheMove() {
        AddressRecord current = rotateTwiceWithAMoveBetween();
        List<KeyChange> changes = resolver.keyChanges(aliceHash);
        assertThat(changes).hasSize(3);
        List<KeyChange> steps = KeyChain.walk(aliceHash, key1.publicKey(), 1, changes, current);
        assertThat(steps).extracting(s -> s.record().signingKey())
                .containsExactly(key2.publicKey(), key3.publicKey());
        assertThat(steps.get(1).record().routingId()).isEqualTo(routingC);
        assertThat(KeyChain.walk(aliceHash, key2.publicKey(), 3, changes, current)).hasSize(1);
        assertThat(KeyChain.walk(aliceHash, key3.publicKey(), 4, changes, current)).isEmpty();
    }

    @Test
    void aMissingStepLeavesNoChain() {
        AddressRecord current = rotateTwiceWithAMoveBetween();
        List<KeyChange> withheld = new ArrayList<>(resolver.keyChanges(aliceHash));
        withheld.remove(1);
        assertCode(() -> KeyChain.walk(aliceHash, key1.publicKey(), 1, withheld, current),
                ErrorCode.KEY_CHANGE_UNSIGNED);
        assertCode(() -> KeyChain.walk(aliceHash, key1.publicKey(), 1, List.of(), current),
                ErrorCode.KEY_CHANGE_UNSIGNED);
    }

    @Test
    void aForgedRotationSignedByAnotherKeyIsNoStep() {
        AddressRecord current = rotateTwiceWithAMoveBetween();
        SigningPrivateKey mallory = SigningPrivateKey.generate(RANDOM);
        // Mallory's record names key1 as previous but is "previously signed" by her own key.
        AddressRecord forged = first.rotatedTo(key1, mallory, enc());
        AddressRecord relabelled = new AddressRecord(forged.version(), forged.addressHash(), forged.signingKey(),
                forged.encryptionKey(), forged.keyBinding(), forged.routingId(), 9, null, null, key1.publicKey(),
                mallory.sign(org.mailv2.protocol.keys.SigningDomain.ADDRESS_RECORD_ROTATION.message(
                        forged.signedBytes())), null, forged.signature());
        List<KeyChange> lying = List.of(new KeyChange(relabelled, CLOCK.instant()));
        AddressRecord malloryCurrent = AddressRecord.create(aliceHash, mallory, enc(), routingB);
        assertCode(() -> KeyChain.walk(aliceHash, key1.publicKey(), 1, lying, malloryCurrent),
                ErrorCode.BAD_SIGNATURE);
        // A self-consistent chain that starts from a key nobody pinned leads nowhere from key1.
        AddressRecord malloryRotated = malloryCurrent.rotatedTo(mallory, key3, enc());
        assertCode(() -> KeyChain.walk(aliceHash, key1.publicKey(), 1,
                List.of(new KeyChange(malloryRotated, CLOCK.instant())), malloryRotated), ErrorCode.KEY_CHANGE_UNSIGNED);
    }

    @Test
    void stepsOfAnotherAddressOrAnOlderCurrentRecordAreRefused() {
        AddressRecord current = rotateTwiceWithAMoveBetween();
        Sha256 bobHash = Address.parse("bob!").hash();
        assertCode(() -> KeyChain.walk(bobHash, key1.publicKey(), 1, resolver.keyChanges(aliceHash), current),
                ErrorCode.BAD_SIGNATURE);
        assertCode(() -> KeyChain.walk(aliceHash, key1.publicKey(), 6, resolver.keyChanges(aliceHash), current),
                ErrorCode.STALE_SERIAL);
    }

    @Test
    void aResolverWithoutHistoryAnswersNothing() throws Exception {
        Resolver plain = new Resolver() {
            @Override
            public java.util.Optional<AddressRecord> address(Sha256 h) {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<RoutingRecord> routing(Sha256 h) {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<OrganisationRecord> organisation(Sha256 h) {
                return java.util.Optional.empty();
            }
        };
        assertThat(plain.keyChanges(aliceHash)).isEmpty();
    }

    private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(code);
    }
}
