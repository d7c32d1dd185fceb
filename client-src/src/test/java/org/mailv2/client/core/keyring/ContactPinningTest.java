package org.mailv2.client.core.keyring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.resolver.AddressRecord;

class ContactPinningTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final ContactPinning pinning = new ContactPinning(Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"),
            ZoneOffset.UTC));
    private final Address bob = Address.parse("bob!");
    private final Sha256 routing = Sha256.hash("server");
    private final SigningPrivateKey bobKey = SigningPrivateKey.generate(RANDOM);
    private final AddressRecord first = AddressRecord.create(bob.hash(), bobKey,
            EncryptionIdentity.generate(RANDOM).recipient(), routing);

    @Test
    void theFirstRecordIsPinnedAndAMoveKeepsThePin() {
        Keyring pinned = pinning.observe(Keyring.empty(), bob, first);
        assertThat(ContactPinning.requireUsable(pinned, bob).signingKey()).isEqualTo(bobKey.publicKey());
        Keyring moved = pinning.observe(pinned, bob, first.movedTo(Sha256.hash("elsewhere"), bobKey));
        assertThat(ContactPinning.requireUsable(moved, bob).serial()).isEqualTo(2);
    }

    @Test
    void aRotationSignedByThePinnedKeyIsFollowed() {
        Keyring pinned = pinning.observe(Keyring.empty(), bob, first);
        SigningPrivateKey next = SigningPrivateKey.generate(RANDOM);
        Keyring rotated = pinning.observe(pinned, bob,
                first.rotatedTo(bobKey, next, EncryptionIdentity.generate(RANDOM).recipient()));
        assertThat(ContactPinning.requireUsable(rotated, bob).signingKey()).isEqualTo(next.publicKey());
    }

    @Test
    void twoRotationsWithAMoveBetweenAreFollowedThroughTheResolversKeyHistory() {
        Keyring pinned = pinning.observe(Keyring.empty(), bob, first);
        SigningPrivateKey key2 = SigningPrivateKey.generate(RANDOM);
        SigningPrivateKey key3 = SigningPrivateKey.generate(RANDOM);
        AddressRecord r2 = first.rotatedTo(bobKey, key2, EncryptionIdentity.generate(RANDOM).recipient());
        AddressRecord r3 = r2.movedTo(Sha256.hash("elsewhere"), key2);
        AddressRecord r4 = r3.rotatedTo(key2, key3, EncryptionIdentity.generate(RANDOM).recipient());
        Instant t1 = Instant.parse("2026-11-20T00:00:00Z");
        Instant t2 = Instant.parse("2026-11-25T00:00:00Z");
        var history = java.util.List.of(new org.mailv2.protocol.resolver.KeyChange(first, t1.minusSeconds(99)),
                new org.mailv2.protocol.resolver.KeyChange(r2, t1), new org.mailv2.protocol.resolver.KeyChange(r4, t2));

        assertThat(ContactPinning.needsKeyHistory(pinned, bob, r4)).isTrue();
        assertThat(pinning.observe(pinned, bob, r4).contact(bob).orElseThrow().status())
                .as("without the history it is a key change").isEqualTo(Contact.Status.KEY_CHANGED);
        Contact followed = pinning.observe(pinned, bob, r4, history).contact(bob).orElseThrow();

        assertThat(followed.status()).isEqualTo(Contact.Status.PINNED);
        assertThat(followed.signingKey()).isEqualTo(key3.publicKey());
        assertThat(followed.pastKeys()).extracting(PastKey::signingKey, PastKey::retiredAt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(bobKey.publicKey(), t1),
                        org.assertj.core.groups.Tuple.tuple(key2.publicKey(), t2));
        assertThat(followed.rotatedAt()).contains(t2);
        assertThat(ContactPinning.needsKeyHistory(pinned, bob, r2)).as("one rotation signs itself").isFalse();
    }

    @Test
    void aForgedRotationInTheHistoryIsAKeyChange() {
        Keyring pinned = pinning.observe(Keyring.empty(), bob, first);
        SigningPrivateKey mallory = SigningPrivateKey.generate(RANDOM);
        SigningPrivateKey malloryNext = SigningPrivateKey.generate(RANDOM);
        // A rotation chain that starts from a key mallory made, not from the pinned one.
        AddressRecord hers = AddressRecord.create(bob.hash(), mallory, EncryptionIdentity.generate(RANDOM).recipient(),
                routing).movedTo(routing, mallory);
        AddressRecord rotated = hers.rotatedTo(mallory, malloryNext, EncryptionIdentity.generate(RANDOM).recipient());
        var lying = java.util.List.of(new org.mailv2.protocol.resolver.KeyChange(hers, Instant.EPOCH),
                new org.mailv2.protocol.resolver.KeyChange(rotated, Instant.EPOCH));
        Contact c = pinning.observe(pinned, bob, rotated, lying).contact(bob).orElseThrow();
        assertThat(c.status()).isEqualTo(Contact.Status.KEY_CHANGED);
        assertThat(c.signingKey()).isEqualTo(bobKey.publicKey());
        assertThat(c.offeredKey()).isEqualTo(malloryNext.publicKey());
        assertThat(c.pastKeys()).isEmpty();
    }

    @Test
    void aContactFromAVaultBeforeKeyRotationReadsWithoutPastKeys() {
        String old = "{\"address\":\"bob!\",\"signingKey\":\"" + bobKey.publicKey().text()
                + "\",\"encryptionKey\":\"" + first.encryptionKey().text()
                + "\",\"serial\":1,\"pinnedAt\":\"2026-11-28T12:00:00Z\",\"status\":\"PINNED\"}";
        Contact c = org.mailv2.protocol.json.Json.read(old.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Contact.class);
        assertThat(c.pastKeys()).isEmpty();
        assertThat(c.rotatedAt()).isEmpty();
        assertThat(new String(org.mailv2.protocol.json.Json.write(c), java.nio.charset.StandardCharsets.UTF_8))
                .doesNotContain("pastKeys");
    }

    @Test
    void anUnsignedKeyChangeIsMarkedAndStopsSendingUntilAccepted() {
        Keyring pinned = pinning.observe(Keyring.empty(), bob, first);
        SigningPrivateKey impostor = SigningPrivateKey.generate(RANDOM);
        AddressRecord substituted = AddressRecord.create(bob.hash(), impostor,
                EncryptionIdentity.generate(RANDOM).recipient(), routing).movedTo(routing, impostor)
                .movedTo(routing, impostor);
        Keyring warned = pinning.observe(pinned, bob, substituted);
        assertThat(warned.contact(bob).orElseThrow().status()).isEqualTo(Contact.Status.KEY_CHANGED);
        assertThat(warned.contact(bob).orElseThrow().signingKey()).isEqualTo(bobKey.publicKey());
        assertThatThrownBy(() -> ContactPinning.requireUsable(warned, bob)).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.KEY_CHANGE_UNSIGNED);
        // Later records do not silently clear the warning either.
        assertThat(pinning.observe(warned, bob, first.movedTo(routing, bobKey)).contact(bob).orElseThrow().status())
                .isEqualTo(Contact.Status.KEY_CHANGED);
    }

    @Test
    void aRecordForAnotherAddressIsRefused() {
        assertThatThrownBy(() -> pinning.observe(Keyring.empty(), Address.parse("carol!"), first))
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.BAD_SIGNATURE);
    }

    @Test
    void anotherKeyIsAKeyChangeWhateverItsSerialAndAnOlderRecordIsRefused() {
        Keyring pinned = pinning.observe(Keyring.empty(), bob, first.movedTo(routing, bobKey));
        SigningPrivateKey impostor = SigningPrivateKey.generate(RANDOM);
        AddressRecord equalSerial = AddressRecord.create(bob.hash(), impostor,
                EncryptionIdentity.generate(RANDOM).recipient(), routing).movedTo(routing, impostor);
        AddressRecord higherSerial = equalSerial.movedTo(routing, impostor).movedTo(routing, impostor);
        for (AddressRecord substituted : java.util.List.of(equalSerial, higherSerial)) {
            Contact c = pinning.observe(pinned, bob, substituted).contact(bob).orElseThrow();
            assertThat(c.status()).isEqualTo(Contact.Status.KEY_CHANGED);
            assertThat(c.signingKey()).isEqualTo(bobKey.publicKey());
            assertThat(c.offeredKey()).isEqualTo(impostor.publicKey());
        }
        assertThatThrownBy(() -> pinning.observe(pinned, bob, first))
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.STALE_SERIAL);
    }

    @Test
    void aRotationNotSignedByThePinnedKeyIsAKeyChange() {
        Keyring pinned = pinning.observe(Keyring.empty(), bob, first);
        SigningPrivateKey other = SigningPrivateKey.generate(RANDOM);
        SigningPrivateKey next = SigningPrivateKey.generate(RANDOM);
        AddressRecord foreign = AddressRecord.create(bob.hash(), other, EncryptionIdentity.generate(RANDOM)
                .recipient(), routing).rotatedTo(other, next, EncryptionIdentity.generate(RANDOM).recipient());
        assertThat(pinning.observe(pinned, bob, foreign).contact(bob).orElseThrow().status())
                .isEqualTo(Contact.Status.KEY_CHANGED);
    }

    @Test
    void aVerifiedMarkSurvivesASignedRotationButNotAnAcceptedKey() throws Exception {
        Keyring pinned = pinning.observe(Keyring.empty(), bob, first);
        Instant checked = Instant.parse("2026-11-29T00:00:00Z");
        Keyring verified = pinned.withContact(pinned.contact(bob).orElseThrow().withVerifiedAt(checked));
        SigningPrivateKey next = SigningPrivateKey.generate(RANDOM);
        AddressRecord rotated = first.rotatedTo(bobKey, next, EncryptionIdentity.generate(RANDOM).recipient());
        assertThat(pinning.observe(verified, bob, rotated).contact(bob).orElseThrow().verified()).isTrue();
        var resolver = new org.mailv2.protocol.resolver.Resolver() {
            @Override
            public java.util.Optional<AddressRecord> address(Sha256 hash) {
                return java.util.Optional.of(rotated);
            }

            @Override
            public java.util.Optional<org.mailv2.protocol.resolver.RoutingRecord> routing(Sha256 id) {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<org.mailv2.protocol.resolver.OrganisationRecord> organisation(Sha256 hash) {
                return java.util.Optional.empty();
            }
        };
        Contact accepted = pinning.accept(verified, bob, resolver, next.publicKey().keyId().hex().substring(0, 8))
                .contact(bob).orElseThrow();
        assertThat(accepted.verified()).isFalse();
        assertThat(accepted.signingKey()).isEqualTo(next.publicKey());
        assertThatThrownBy(() -> pinning.accept(verified, bob, resolver, "00000000"))
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.BAD_KEY);
    }
}
