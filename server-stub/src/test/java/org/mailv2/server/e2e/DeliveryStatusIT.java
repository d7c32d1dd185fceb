package org.mailv2.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.MessageView;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.pow.StampHeader;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.protocol.seal.InnerMessage;
import org.mailv2.protocol.seal.MessageSealer;
import org.mailv2.protocol.seal.SealedMessage;
import org.mailv2.server.app.RunningServer;
import org.mailv2.server.service.Postmaster;

/** Mail that cannot be delivered comes back to its sender as a verified message from the server's postmaster. */
class DeliveryStatusIT {
    private static final SecureRandom RANDOM = new SecureRandom();

    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void aMessageToAnAddressNobodyHoldsIsRefusedAtOnce() throws Exception {
        RunningServer resolver = servers.startResolver();
        RunningServer home = servers.startUsing(resolver);
        TestAccount alice = TestAccount.register(home, resolver, "alice!");
        Address ghost = Address.parse("nobody-here!");
        Envelope envelope = sealTo(alice, ghost, EncryptionIdentity.generate(RANDOM));
        SingleServerIT.assertCode(() -> alice.api.submit(envelope, summary, ByteSource.of(body)),
                ErrorCode.UNKNOWN_RECIPIENT, 404);
    }

    @Test
    void aMessageTheRecipientsServerRefusesComesBackAsADeliveryStatusMessage() throws Exception {
        RunningServer resolver = servers.startResolver();
        RunningServer home = servers.startUsing(resolver);
        RunningServer far = servers.startUsing(resolver);
        TestAccount alice = TestAccount.register(home, resolver, "alice!");
        TestAccount bob = TestAccount.register(far, resolver, "bob!");
        bob.api.deleteAccount();

        Envelope envelope = sealTo(alice, bob.address, bob.encryption);
        alice.api.submit(envelope, summary, ByteSource.of(body));

        List<MessageView> inbox = Eventually.await(Duration.ofSeconds(30), alice::inbox, l -> !l.isEmpty());
        TestAccount.Read status = alice.read(inbox.get(0));
        assertThat(status.message().from()).isEqualTo(Postmaster.addressOf(home.routingId()));
        assertThat(status.summary().subject()).startsWith("Undeliverable");
        assertThat(status.message().text()).contains(envelope.messageId(), bob.address.hash().hex(),
                "no such recipient");
        assertThat(org.mailv2.protocol.seal.DeliveryStatus.parse(status.message().text())).contains(
                new org.mailv2.protocol.seal.DeliveryStatus(UUID.fromString(envelope.messageId()), bob.address.hash(),
                        "unknown_recipient"));
    }

    private byte[] summary;
    private byte[] body;

    private Envelope sealTo(TestAccount from, Address to, EncryptionIdentity toKey) throws Exception {
        InnerMessage message = new InnerMessage(from.address, null, List.of(to), List.of(), List.of(), "hello?",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), UUID.randomUUID() + "@test", null, List.of(), null,
                "is anyone there?", List.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SealedMessage sealed = new MessageSealer(from.signing.keyId(), RANDOM)
                .seal(message, to, toKey.recipient(), out);
        var stamp = new StampSolver(1).solve(new StampHeader(TestServers.MESSAGE_BITS, LocalDate.now(ZoneOffset.UTC),
                from.address.hash(), to.hash(), sealed.envelope().digest()), 0, null);
        summary = sealed.summaryCiphertext();
        body = out.toByteArray();
        return sealed.envelope().sign(from.signing, stamp, null);
    }
}
