package org.mailv2.client.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.pow.StampVerifier;
import org.mailv2.protocol.seal.AttachmentSink;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.protocol.seal.InnerMessage;
import org.mailv2.protocol.seal.MessageOpener;
import org.mailv2.protocol.seal.MessageSealer;
import org.mailv2.protocol.seal.OpenedMessage;
import org.mailv2.protocol.seal.SealedMessage;
import org.mailv2.protocol.seal.VerifiedEnvelope;

/**
 * What the product can do before the server and the TUI exist: two fresh identities, a first-contact message paid
 * for with a real stamp, sealed, shown as a server would see it, and opened by its recipient.
 */
final class ProtocolTour {
    private final PrintStream out;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    ProtocolTour(PrintStream out) {
        this.out = out;
    }

    void run(int stampBits) throws IOException {
        Address alice = Address.parse("alice!");
        Address bob = Address.parse("bob@acme!");
        SigningPrivateKey aliceKey = SigningPrivateKey.generate(random);
        SigningPrivateKey bobKey = SigningPrivateKey.generate(random);
        EncryptionIdentity bobEncryption = EncryptionIdentity.generate(random);
        out.printf("identities     %s key %s, %s key %s%n", alice, aliceKey.keyId().shortForm(), bob,
                bobKey.keyId().shortForm());

        InnerMessage message = new InnerMessage(alice, "Alice", List.of(bob), List.of(), List.of(),
                "Hello from mailv2", clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                java.util.UUID.randomUUID() + "@mailv2", null, List.of(), null,
                "Hi Bob,\nthis message was sealed to your key; servers see only hashes.\n", List.of());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        SealedMessage sealed = new MessageSealer(aliceKey.keyId(), random)
                .seal(message, bob, bobEncryption.recipient(), body);

        StampVerifier verifier = new StampVerifier(clock);
        int threads = Runtime.getRuntime().availableProcessors();
        Instant started = clock.instant();
        Stamp stamp = new StampSolver(threads).solve(
                verifier.headerForToday(stampBits, alice.hash(), bob.hash(), sealed.envelope().digest()),
                random.nextLong() >>> 1, null);
        Duration took = Duration.between(started, clock.instant());
        out.printf("first contact  solved a %d-bit stamp on %d threads in %d ms%n", stampBits, threads,
                took.toMillis());
        Envelope envelope = sealed.envelope().sign(aliceKey, stamp, null);
        out.printf("server sees    %s%n", new String(envelope.toJson(), StandardCharsets.UTF_8));

        verifier.verify(envelope.stamp(), envelope.fromHash(), envelope.toHash(), envelope.unsigned().digest(),
                stampBits);
        MessageOpener opener = new MessageOpener(bob, bobEncryption);
        VerifiedEnvelope verified = opener.verify(envelope, aliceKey.publicKey());
        String subject = opener.openSummary(verified, sealed.summaryCiphertext()).subject();
        OpenedMessage opened = opener.openBody(verified, ByteSource.of(body.toByteArray()), AttachmentSink.DISCARD);
        out.printf("bob reads      from %s (verified, key %s) \"%s\"%n", opened.from(), aliceKey.keyId().shortForm(),
                subject);
        opened.text().lines().forEach(line -> out.println("               | " + line));
    }
}
