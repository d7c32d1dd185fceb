package org.mailv2.client.core.send;

import java.io.IOException;
import java.io.OutputStream;
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

    private record Target(Address address, EncryptionRecipient key, int bits) {
    }

    /** The result: the keyring with any newly pinned contacts, and one delivery per recipient. */
    public record Result(Keyring keyring, List<Delivery> deliveries) {
    }

    private final Clock clock;
    private final SecureRandom random;
    private final StampSolver solver;
    private final Outbox outbox;

    public Sender(Clock clock, SecureRandom random, StampSolver solver, Path outbox) {
        this.clock = clock;
        this.random = random;
        this.solver = solver;
        this.outbox = new Outbox(outbox);
    }

    /**
     * @throws ProtocolException {@code unknown_recipient} for an address without keys, {@code key_change_unsigned}
     *     for a contact whose keys changed, and the server's refusals as {@link org.mailv2.protocol.api.ApiException}
     * @throws IOException when a server cannot be reached
     */
    public Result send(Connection connection, Keyring keyring, Draft draft, Consumer<String> status,
                       Consumer<SolveProgress> progress) throws IOException {
        return send(connection, keyring, draft, java.util.Map.of(), null, status, progress);
    }

    /**
     * Sends with permits: a recipient in {@code permits} gets its copy with that permit and no stamp (list posts,
     * contacts who exempted the sender). {@code listId} marks list mail (the List-Id header), or is null.
     */
    public Result send(Connection connection, Keyring keyring, Draft draft,
                       java.util.Map<Address, org.mailv2.protocol.permit.PermitId> permits, String listId,
                       Consumer<String> status, Consumer<SolveProgress> progress) throws IOException {
        OwnAccount me = connection.account();
        if (draft.everyone().isEmpty()) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a message needs at least one recipient");
        }
        Keyring pinned = keyring;
        int ownBits = ownServerBits(connection);
        List<Target> targets = new ArrayList<>();
        for (Address recipient : draft.everyone()) {
            if (recipient.equals(me.parsedAddress())) {
                continue; // the Sent copy is the sender's own
            }
            AddressRecord record;
            try {
                record = connection.resolver().address(recipient.hash()).orElseThrow(() -> new ProtocolException(
                        ErrorCode.UNKNOWN_RECIPIENT, recipient.display() + " has not published keys"));
            } catch (IOException unreachable) {
                // The resolver is down (often it is the own server): a pinned contact's keys are enough to seal;
                // the copy waits in the outbox until the server is back.
                Contact known = ContactPinning.requireUsable(pinned, recipient);
                targets.add(new Target(recipient, known.encryptionKey(), DEFAULT_MESSAGE_BITS));
                continue;
            }
            org.mailv2.client.core.keyring.Memberships.require(connection.resolver(), recipient, record);
            pinned = new ContactPinning(clock).observe(pinned, recipient, record);
            Contact contact = ContactPinning.requireUsable(pinned, recipient);
            int bits = record.routingId().matches(me.routingId()) ? ownBits : DEFAULT_MESSAGE_BITS;
            targets.add(new Target(recipient, contact.encryptionKey(), bits));
        }
        InnerMessage message = new InnerMessage(me.parsedAddress(), me.displayName(), draft.to(), draft.cc(),
                draft.bcc(), draft.subject(), clock.instant().truncatedTo(ChronoUnit.SECONDS),
                UUID.randomUUID() + "@" + me.parsedAddress().canonical().replace("!", "").replace("@", "."),
                draft.inReplyTo(), draft.references(), listId, draft.text(), draft.attachments());
        List<Delivery> deliveries = new ArrayList<>();
        for (Target t : targets) {
            var permit = permits.get(t.address());
            status.accept("sealing for " + t.address().display() + (permit != null ? " (permit)"
                    : " (" + t.bits() + "-bit stamp)"));
            try {
                deliveries.add(sendCopy(connection, message, t.address(), t.key(), t.bits(), permit, progress));
            } catch (org.mailv2.protocol.api.ApiException refused) {
                // One recipient's refusal (say, a revoked permit) does not stop the others' copies.
                deliveries.add(new Delivery(t.address(), null, permit != null ? 0 : t.bits(),
                        Delivery.Outcome.REFUSED, refused.code().wire()));
            }
        }
        status.accept("saving the Sent copy");
        sendCopy(connection, message, me.parsedAddress(), me.encryptionIdentity().recipient(), 0, null, progress);
        return new Result(pinned, deliveries);
    }

    /** The own server's stamp bits, or the protocol default when it cannot be reached now (the copy waits). */
    private static int ownServerBits(Connection connection) {
        try {
            return connection.server().info().powMessageBits();
        } catch (IOException unreachable) {
            return DEFAULT_MESSAGE_BITS;
        }
    }

    private Delivery sendCopy(Connection connection, InnerMessage message, Address recipient,
                              EncryptionRecipient key, int bits, org.mailv2.protocol.permit.PermitId permit,
                              Consumer<SolveProgress> progress) throws IOException {
        Path copy;
        Envelope envelope;
        boolean own = recipient.equals(message.from());
        boolean free = own || permit != null;
        try (Outbox.Pending pending = outbox.begin()) {
            SealedMessage sealed;
            try (OutputStream out = pending.body()) {
                sealed = new MessageSealer(connection.account().signingKey().keyId(), random)
                        .seal(message, recipient, key, out);
            }
            Stamp stamp = free ? null : solver.solve(new StampHeader(bits, LocalDate.now(clock.withZone(ZoneOffset.UTC)),
                    message.from().hash(), recipient.hash(), sealed.envelope().digest()), random.nextLong() >>> 1,
                    progress);
            envelope = sealed.envelope().sign(connection.account().signingKey(), stamp, own ? null : permit);
            copy = pending.commit(connection.account().address(), envelope, sealed.summaryCiphertext());
        }
        try {
            outbox.submit(connection, copy);
            return new Delivery(recipient, envelope.messageId(), free ? 0 : bits, Delivery.Outcome.DELIVERED);
        } catch (org.mailv2.protocol.api.ApiException refused) {
            throw refused;
        } catch (IOException unreachable) {
            // Kept in the outbox: `mailv2 sync` (and every later send) tries again.
            return new Delivery(recipient, envelope.messageId(), free ? 0 : bits, Delivery.Outcome.QUEUED);
        }
    }
}
