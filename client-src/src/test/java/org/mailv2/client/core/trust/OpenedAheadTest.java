package org.mailv2.client.core.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mailv2.client.core.keyring.Contact;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.MessageView;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.pow.StampVerifier;
import org.mailv2.protocol.resolver.InMemoryResolver;
import org.mailv2.protocol.resolver.RecordRules;
import org.mailv2.protocol.seal.InnerMessage;
import org.mailv2.protocol.seal.MessageOpener;
import org.mailv2.protocol.seal.MessageSealer;
import org.mailv2.protocol.seal.SealedMessage;

/**
 * Opening a page of summaries ahead, on every core, changes no outcome: a page of a pinned contact's mail, the own
 * account's, a forgery under the contact's key id, a tampered summary, a stranger's, each checked in order with and
 * without opening ahead, gives the same trust, problem and summary for every message, once each.
 */
class OpenedAheadTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final Address alice = Address.parse("alice!");
    private final Address bob = Address.parse("bob!");
    private final SigningPrivateKey aliceKey = SigningPrivateKey.generate(RANDOM);
    private final SigningPrivateKey bobKey = SigningPrivateKey.generate(RANDOM);
    private final EncryptionIdentity aliceEncryption = EncryptionIdentity.generate(RANDOM);
    private final OwnAccount me = new OwnAccount("alice!", null, "https://127.0.0.1:1", Sha256.hash("pin"),
            Sha256.hash("route"), null, null, aliceKey.secretText(), aliceEncryption.secretText(), NOW);
    private final Keyring keyring = Keyring.empty().withAccount(me).withContact(new Contact("bob!",
            bobKey.publicKey(), EncryptionIdentity.generate(RANDOM).recipient(), 1, NOW, Contact.Status.PINNED));
    // Nobody published anything: a stranger's mail fails, and no check may depend on the resolver here.
    private final InMemoryResolver resolver = new InMemoryResolver(new RecordRules(new StampVerifier(clock), 1), clock);

    private MessageView copy(Address from, SigningPrivateKey signer, long sequence, boolean tampered)
            throws Exception {
        InnerMessage message = new InnerMessage(from, null, List.of(alice), List.of(), List.of(), "n" + sequence, NOW,
                UUID.randomUUID() + "@test", null, List.of(), null, "text", List.of());
        SealedMessage sealed = new MessageSealer(signer.keyId(), RANDOM).seal(message, alice,
                aliceEncryption.recipient(), new ByteArrayOutputStream());
        byte[] summary = sealed.summaryCiphertext();
        if (tampered) {
            summary[summary.length - 1] ^= 1;
        }
        return new MessageView(sealed.envelope().sign(signer, null, null), Base64.getEncoder().encodeToString(summary),
                sequence, "inbox", Set.of(), NOW);
    }

    private List<String> checkAll(List<MessageView> page, boolean ahead) throws Exception {
        SenderTrust trust = new SenderTrust(resolver, keyring, clock);
        MessageOpener opener = new MessageOpener(alice, me.encryptionIdentities());
        if (ahead) {
            trust.openAhead(opener, page);
        }
        List<String> outcomes = new ArrayList<>();
        for (MessageView view : page) {
            SenderTrust.Checked c = trust.check(opener, view.envelope(), view.summaryBytes(), view.receivedAt());
            outcomes.add(view.envelope().messageId() + " " + c.trust() + " " + c.problem() + " "
                    + (c.summary() == null ? null : c.summary().subject()));
        }
        return outcomes;
    }

    @Test
    void aPageCheckedAfterOpeningAheadGivesEveryMessageTheOutcomeItGetsWithout() throws Exception {
        SigningPrivateKey mallory = SigningPrivateKey.generate(RANDOM);
        List<MessageView> page = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            page.add(switch (i % 6) {
                case 0, 1 -> copy(bob, bobKey, i, false);
                case 2 -> copy(alice, aliceKey, i, false);
                case 3 -> copy(bob, bobKey, i, true);
                case 4 -> copy(Address.parse("carol!"), mallory, i, false);
                default -> copy(bob, mallory, i, false);
            });
        }

        List<String> inOrder = checkAll(page, false);
        List<String> ahead = checkAll(page, true);

        assertThat(ahead).containsExactlyElementsOf(inOrder).doesNotHaveDuplicates().hasSize(300);
        assertThat(inOrder).filteredOn(o -> o.contains(" PINNED null n")).hasSize(150);
        assertThat(inOrder).filteredOn(o -> o.contains("tampered")).hasSize(50);
    }
}
