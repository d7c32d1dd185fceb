package org.mailv2.client.core.send;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.keyring.Contact;
import org.mailv2.client.core.keyring.ContactPinning;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.EncryptionRecipient;
import org.mailv2.protocol.pow.SolveProgress;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.pow.StampHeader;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.protocol.seal.InnerMessage;
import org.mailv2.protocol.seal.MessageSealer;
import org.mailv2.protocol.seal.SealedMessage;

/**
 * Sends a draft: resolves and pins every recipient (To, Cc, Bcc), seals one copy each plus a Sent copy to oneself,
 * pays a stamp for each stranger, and hands every copy to the own server. Bodies are sealed to files in the outbox
 * folder and streamed from there, so attachments of any size use constant memory.
 */
public final class Sender {
    /** What the protocol asks of a first message when the recipient's server has not said otherwise (DESIGN §6). */
    public static final int DEFAULT_MESSAGE_BITS = 24;

    /** The result: the keyring with any newly pinned contacts, and one delivery per recipient. */
    public record Result(Keyring keyring, List<Delivery> deliveries) {
    }

    private final Clock clock;
    private final SecureRandom random;
    private final StampSolver solver;
    private final Path outbox;

    public Sender(Clock clock, SecureRandom random, StampSolver solver, Path outbox) {
        this.clock = clock;
        this.random = random;
        this.solver = solver;
        this.outbox = outbox;
    }

    /**
     * @throws ProtocolException {@code unknown_recipient} for an address without keys, {@code key_change_unsigned}
     *     for a contact whose keys changed, and the server's refusals as {@link org.mailv2.protocol.api.ApiException}
     * @throws IOException when a server cannot be reached
     */
    public Result send(Connection connection, Keyring keyring, Draft draft, Consumer<String> status,
                       Consumer<SolveProgress> progress) throws IOException {
        OwnAccount me = connection.account();
        if (draft.everyone().isEmpty()) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a message needs at least one recipient");
        }
        Keyring pinned = keyring;
        List<AddressRecord> records = new ArrayList<>();
        for (Address recipient : draft.everyone()) {
            AddressRecord record = connection.resolver().address(recipient.hash()).orElseThrow(() ->
                    new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, recipient.display() + " has not published keys"));
            pinned = new ContactPinning(clock).observe(pinned, recipient, record);
            ContactPinning.requireUsable(pinned, recipient);
            records.add(record);
        }
        InnerMessage message = new InnerMessage(me.parsedAddress(), me.displayName(), draft.to(), draft.cc(),
                draft.bcc(), draft.subject(), clock.instant().truncatedTo(ChronoUnit.SECONDS),
                UUID.randomUUID() + "@" + me.parsedAddress().canonical().replace("!", "").replace("@", "."),
                draft.inReplyTo(), draft.references(), null, draft.text(), draft.attachments());
        int ownBits = connection.server().info().powMessageBits();
        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            Address recipient = draft.everyone().get(i);
            Contact contact = ContactPinning.requireUsable(pinned, recipient);
            int bits = records.get(i).routingId().matches(me.routingId()) ? ownBits : DEFAULT_MESSAGE_BITS;
            status.accept("sealing for " + recipient.display() + " (" + bits + "-bit stamp)");
            deliveries.add(sendCopy(connection, message, recipient, contact.encryptionKey(), bits, progress));
        }
        status.accept("saving the Sent copy");
        sendCopy(connection, message, me.parsedAddress(), me.encryptionIdentity().recipient(), 0, progress);
        return new Result(pinned, deliveries);
    }

    private Delivery sendCopy(Connection connection, InnerMessage message, Address recipient,
                              EncryptionRecipient key, int bits, Consumer<SolveProgress> progress) throws IOException {
        Files.createDirectories(outbox);
        Path body = Files.createTempFile(outbox, "body-", ".age");
        try {
            SealedMessage sealed;
            try (OutputStream out = Files.newOutputStream(body)) {
                sealed = new MessageSealer(connection.account().signingKey().keyId(), random)
                        .seal(message, recipient, key, out);
            }
            boolean own = recipient.equals(message.from());
            Stamp stamp = own ? null : solver.solve(new StampHeader(bits, LocalDate.now(clock.withZone(ZoneOffset.UTC)),
                    message.from().hash(), recipient.hash(), sealed.envelope().digest()), random.nextLong() >>> 1,
                    progress);
            Envelope envelope = sealed.envelope().sign(connection.account().signingKey(), stamp, null);
            connection.server().submit(envelope, sealed.summaryCiphertext(), ByteSource.of(body));
            return new Delivery(recipient, envelope.messageId(), own ? 0 : bits, Delivery.Outcome.DELIVERED);
        } finally {
            Files.deleteIfExists(body);
        }
    }
}
