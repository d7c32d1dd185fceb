package org.mailv2.client.core.keyring;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.permit.PermitId;

/** Two devices' states merge into one, whatever the order, and a warning or a removal is never merged away. */
class SharedStateTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant T = Instant.parse("2026-12-01T12:00:00Z");
    private final Address alice = Address.parse("alice!");
    private final OwnAccount me = new OwnAccount("alice!", null, "https://127.0.0.1:1", Sha256.hash("pin"),
            Sha256.hash("route"), null, null, SigningPrivateKey.generate(RANDOM).secretText(),
            EncryptionIdentity.generate(RANDOM).secretText(), T);

    private Contact contact(String address, SigningPrivateKey key, long serial, Contact.Status status) {
        return new Contact(address, key.publicKey(), EncryptionIdentity.generate(RANDOM).recipient(), serial, T, status);
    }

    private Keyring device() {
        return Keyring.empty().withAccount(me);
    }

    private static Keyring merged(Keyring into, Keyring from, OwnAccount account) {
        return SharedState.merge(into, account.parsedAddress(), SharedState.of(from, from.account(
                account.parsedAddress()).orElseThrow()));
    }

    @Test
    void whatEitherDeviceAddedSurvivesAndTheMergeIsTheSameEitherWay() {
        SigningPrivateKey bob = SigningPrivateKey.generate(RANDOM);
        SigningPrivateKey carol = SigningPrivateKey.generate(RANDOM);
        Keyring laptop = device().withContact(contact("bob!", bob, 1, Contact.Status.PINNED))
                .withSubscriptions(List.of(new Subscription("alice!", "news!", PermitId.random(RANDOM), T)));
        Keyring phone = device().withContact(contact("carol!", carol, 1, Contact.Status.PINNED));

        Keyring one = merged(laptop, phone, me);
        Keyring other = merged(phone, laptop, me);
        assertThat(one.contacts()).extracting(Contact::address).containsExactlyInAnyOrder("bob!", "carol!");
        assertThat(other.contacts()).containsExactlyInAnyOrderElementsOf(one.contacts());
        assertThat(other.subscriptions()).isEqualTo(one.subscriptions()).hasSize(1);
        assertThat(merged(one, other, me)).as("idempotent").isEqualTo(one);
    }

    @Test
    void aKeyChangeWarningOutranksAPinOfTheSameSerialAndAHigherSerialWins() {
        SigningPrivateKey bob = SigningPrivateKey.generate(RANDOM);
        Contact pinned = contact("bob!", bob, 3, Contact.Status.PINNED);
        Keyring laptop = device().withContact(pinned);
        Keyring phone = device().withContact(pinned.keyChanged(SigningPrivateKey.generate(RANDOM).publicKey()));
        assertThat(merged(laptop, phone, me).contact(Address.parse("bob!")).orElseThrow()
                .status()).isEqualTo(Contact.Status.KEY_CHANGED);

        SigningPrivateKey rotated = SigningPrivateKey.generate(RANDOM);
        Keyring later = device().withContact(contact("bob!", rotated, 4, Contact.Status.PINNED));
        Contact c = merged(phone, later, me).contact(Address.parse("bob!")).orElseThrow();
        assertThat(c.signingKey()).isEqualTo(rotated.publicKey());
        assertThat(merged(later, laptop, me).contact(Address.parse("bob!")).orElseThrow().signingKey())
                .as("an older serial never replaces a newer pin").isEqualTo(rotated.publicKey());
    }

    @Test
    void aRemovalOnOneDeviceIsNotUndoneByTheOthersOlderState() {
        Subscription news = new Subscription("alice!", "news!", PermitId.random(RANDOM), T);
        Keyring both = device().withSubscriptions(List.of(news));
        Keyring left = SharedState.recordRemovals(both, both.withSubscriptions(List.of()), T.plusSeconds(5));
        assertThat(left.tombstones()).singleElement().satisfies(t -> assertThat(t.kind()).isEqualTo("subscription"));

        assertThat(merged(both, left, me).subscriptions()).isEmpty();
        assertThat(merged(left, both, me).subscriptions()).isEmpty();
        Subscription again = new Subscription("alice!", "news!", PermitId.random(RANDOM), T.plusSeconds(9));
        assertThat(merged(left.withSubscriptions(List.of(again)), both, me).subscriptions())
                .as("joining again, with a new permit, is a new entry").containsExactly(again);
    }

    @Test
    void keysTheOtherDeviceRotatedAwayFromAreRetiredHereToo() {
        KeyGeneration next = KeyGeneration.generate(RANDOM);
        OwnAccount rotated = me.withPendingKeys(next).rotated(T.plusSeconds(60));
        Keyring laptop = device().replacingAccount(rotated);
        Keyring phone = device();
        OwnAccount onPhone = merged(phone, laptop, rotated).account(alice).orElseThrow();
        assertThat(onPhone.signingSecret()).isEqualTo(next.signingSecret());
        assertThat(onPhone.retiredKeys()).extracting(KeyGeneration::signingSecret).containsExactly(me.signingSecret());
        assertThat(merged(laptop, phone, me).account(alice).orElseThrow()).isEqualTo(rotated);
    }
}
