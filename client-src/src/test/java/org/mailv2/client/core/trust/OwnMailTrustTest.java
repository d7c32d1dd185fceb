package org.mailv2.client.core.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mailv2.client.core.keyring.KeyGeneration;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.OwnAccount;
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
import org.mailv2.protocol.seal.InnerMessage;
import org.mailv2.protocol.seal.MessageOpener;
import org.mailv2.protocol.seal.SealedMessage;

/**
 * Mail that names one of the vault's own accounts as its sender is checked against that account's own keys, never
 * against what a resolver says and never pinned: a resolver that swaps the account's key cannot make a forgery pass
 * as the user's own mail, and a key the account rotated away from signs only mail that was on its way.
 */
class OwnMailTrustTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final Address alice = Address.parse("alice!");
    private final SigningPrivateKey aliceKey = SigningPrivateKey.generate(RANDOM);
    private final EncryptionIdentity aliceEncryption = EncryptionIdentity.generate(RANDOM);
    private final OwnAccount me = new OwnAccount("alice!", null, "https://127.0.0.1:1", Sha256.hash("pin"),
            Sha256.hash("route"), null, null, aliceKey.secretText(), aliceEncryption.secretText(), NOW);
    private final InMemoryResolver lyingResolver = new InMemoryResolver(new RecordRules(new StampVerifier(clock), 1),
            clock);

    private record Copy(Envelope envelope, byte[] summary) {
    }

    private Copy toMyself(SigningPrivateKey signer) throws Exception {
        InnerMessage message = new InnerMessage(alice, null, List.of(alice), List.of(), List.of(), "note to self", NOW,
                UUID.randomUUID() + "@alice", null, List.of(), null, "text", List.of());
        SealedMessage sealed = new org.mailv2.protocol.seal.MessageSealer(signer.keyId(), RANDOM).seal(message,
                alice, aliceEncryption.recipient(), new ByteArrayOutputStream());
        return new Copy(sealed.envelope().sign(signer, null, null), sealed.summaryCiphertext());
    }

    private SenderTrust.Checked check(Keyring keyring, Copy copy, Instant receivedAt) throws Exception {
        return new SenderTrust(lyingResolver, keyring, clock).check(new MessageOpener(alice,
                keyring.account(alice).orElseThrow().encryptionIdentities()), copy.envelope(), copy.summary(),
                receivedAt);
    }

    @Test
    void ownMailVerifiesByTheOwnKeyAndAForgeryDoesNotEvenWithTheResolversHelp() throws Exception {
        SigningPrivateKey mallory = SigningPrivateKey.generate(RANDOM);
        AddressRecord swapped = AddressRecord.create(alice.hash(), mallory,
                EncryptionIdentity.generate(RANDOM).recipient(), Sha256.hash("route"));
        lyingResolver.publish(swapped, new StampSolver(1).solve(swapped.creationStampHeader(1,
                LocalDate.of(2026, 12, 1)), 0, null));
        Keyring keyring = Keyring.empty().withAccount(me);

        SenderTrust.Checked mine = check(keyring, toMyself(aliceKey), NOW);
        assertThat(mine.verified()).isTrue();
        assertThat(mine.trust()).isEqualTo(Trust.PINNED);

        SenderTrust trust = new SenderTrust(lyingResolver, keyring, clock);
        Copy forged = toMyself(mallory);
        SenderTrust.Checked checked = trust.check(new MessageOpener(alice, me.encryptionIdentities()),
                forged.envelope(), forged.summary(), NOW);
        assertThat(checked.verified()).isFalse();
        assertThat(checked.problem()).isEqualTo("bad_signature");
        assertThat(trust.learntAnything()).as("the own address is never pinned").isFalse();
    }

    @Test
    void aKeyTheAccountRotatedAwayFromSignsOnlyWhatWasOnItsWay() throws Exception {
        KeyGeneration next = KeyGeneration.generate(RANDOM);
        Keyring rotated = Keyring.empty().withAccount(me.withPendingKeys(next).rotated(NOW));
        Copy old = toMyself(aliceKey);

        assertThat(check(rotated, old, NOW.minusSeconds(60)).verified()).isTrue();
        assertThat(check(rotated, old, NOW.plus(org.mailv2.protocol.resolver.RetiredKeys.GRACE).minusSeconds(1))
                .verified()).isTrue();
        SenderTrust.Checked late = check(rotated, old, NOW.plus(org.mailv2.protocol.resolver.RetiredKeys.GRACE));
        assertThat(late.verified()).isFalse();
        assertThat(late.problem()).isEqualTo("bad_signature");
    }
}
