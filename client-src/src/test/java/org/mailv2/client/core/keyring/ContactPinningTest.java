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
}
