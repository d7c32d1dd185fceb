package org.mailv2.server.service;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.Resolver;
import org.mailv2.protocol.seal.DeliveryStatus;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.protocol.seal.InnerMessage;
import org.mailv2.protocol.seal.MessageSealer;
import org.mailv2.protocol.seal.SealedMessage;
import org.mailv2.server.store.QueuedDelivery;

/**
 * Tells a sender, by an ordinary sealed message from the postmaster into the sender's inbox, that a message could not
 * be delivered and why. The server knows only the recipient's address hash; the sender's client knows the address.
 */
public final class DeliveryStatusNotifier implements UndeliverableNotice {
    private final Postmaster.Identity postmaster;
    private final Resolver resolver;
    private final DeliveryService delivery;
    private final Clock clock;
    private final SecureRandom random;

    public DeliveryStatusNotifier(Postmaster.Identity postmaster, Resolver resolver, DeliveryService delivery,
                                  Clock clock, SecureRandom random) {
        this.postmaster = postmaster;
        this.resolver = resolver;
        this.delivery = delivery;
        this.clock = clock;
        this.random = random;
    }

    /** @throws IOException when the sender's record cannot be read or the message cannot be stored */
    @Override
    public void undeliverable(QueuedDelivery item, String reason) throws IOException {
        AddressRecord sender = resolver.address(item.sender()).orElseThrow(
                () -> new IOException("the sender has no record"));
        Envelope original = Envelope.parse(item.envelopeJson());
        // Servers never learn addresses, only hashes: the copy is sealed to the sender's hash and, like Bcc mail,
        // names the postmaster as its visible recipient.
        // The code line is for clients (DeliveryStatus); anything that is not a wire code reads as a plain refusal.
        String code = reason.startsWith("retry window over") ? "unreachable"
                : reason.matches("[a-z_]{1,40}") ? reason : "refused";
        String text = new DeliveryStatus(UUID.fromString(original.messageId()), item.recipient(), code)
                .text(explain(reason), item.attempts() + 1, item.firstQueuedAt());
        InnerMessage message = new InnerMessage(postmaster.address(), "Mail delivery system", List.of(postmaster.address()), List.of(),
                List.of(), DeliveryStatus.SUBJECT,
                clock.instant().truncatedTo(ChronoUnit.SECONDS), UUID.randomUUID() + "@postmaster", null, List.of(),
                null, text, List.of());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        SealedMessage sealed = new MessageSealer(postmaster.signing().keyId(), random)
                .sealForHash(message, item.sender(), sender.encryptionKey(), body);
        Envelope envelope = sealed.envelope().sign(postmaster.signing(), null, null);
        byte[] summary = sealed.summaryCiphertext();
        byte[] content = new byte[summary.length + body.size()];
        System.arraycopy(summary, 0, content, 0, summary.length);
        System.arraycopy(body.toByteArray(), 0, content, summary.length, body.size());
        delivery.deliverTrusted(envelope, new ByteArrayInputStream(content));
    }

    static String explain(String reason) {
        String code = reason.startsWith("retry window over") ? "unreachable" : reason;
        return switch (code) {
            case "unreachable" -> "the recipient's server could not be reached within the retry window (" + reason
                    + ")";
            case "pow_required", "pow_invalid", "stamp_expired" ->
                    "the recipient's server asks for more proof of work than the message carried (" + code + ")";
            case "permit_revoked" -> "the recipient revoked the permit this message used (permit_revoked)";
            case "permit_mismatch" -> "the permit this message used was not issued to you (permit_mismatch)";
            case "unknown_recipient" -> "there is no such recipient (unknown_recipient)";
            case "too_large" -> "the message is larger than the recipient's server accepts (too_large)";
            case "quota_exceeded" -> "the recipient's mailbox is full (quota_exceeded)";
            case "suspended" -> "the recipient's account is suspended by its server's operator (suspended)";
            case QueueAdmin.DROPPED -> "your server's operator removed it from the outgoing queue before it could be"
                    + " delivered (" + QueueAdmin.DROPPED + ")";
            default -> "the recipient's server refused it (" + code + ")";
        };
    }
}
