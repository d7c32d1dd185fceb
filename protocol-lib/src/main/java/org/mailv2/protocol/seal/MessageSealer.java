package org.mailv2.protocol.seal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.UUID;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.EncryptionRecipient;
import org.mailv2.protocol.keys.KeyId;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.protocol.seal.internal.AgeCipher;
import org.mailv2.protocol.seal.internal.CountingOutputStream;
import org.mailv2.protocol.seal.internal.DigestingOutputStream;
import org.mailv2.protocol.seal.internal.MimeComposer;

/**
 * Seals one copy of a message for one recipient: the MIME body and the summary, each age-encrypted to the
 * recipient's X25519 key, and the envelope that names their sizes and hashes. The body is streamed, so its size is
 * bounded only by the output. Stamping and signing come after ({@link UnsignedEnvelope#sign}).
 */
public final class MessageSealer {
    private final KeyId senderKeyId;
    private final SecureRandom random;

    public MessageSealer(KeyId senderKeyId, SecureRandom random) {
        this.senderKeyId = senderKeyId;
        this.random = random;
    }

    /**
     * Seals {@code message} for {@code recipient}. The recipient's copy carries no Bcc list unless the recipient is
     * the sender (the Sent copy).
     *
     * @param bodyCiphertext receives the age-encrypted MIME body; left open
     */
    public SealedMessage seal(InnerMessage message, Address recipient, EncryptionRecipient recipientKey,
                              OutputStream bodyCiphertext) throws IOException {
        return seal(message, recipient, recipientKey, null, bodyCiphertext);
    }

    /**
     * As {@link #seal(InnerMessage, Address, EncryptionRecipient, OutputStream)}, with a contact permit the sender
     * issued to {@code recipient} in this copy's summary (and no other copy's).
     *
     * @param contactPermit null for none
     * @throws IllegalArgumentException for a permit in the sender's own copy, which no one could use
     */
    public SealedMessage seal(InnerMessage message, Address recipient, EncryptionRecipient recipientKey,
                              PermitId contactPermit, OutputStream bodyCiphertext) throws IOException {
        boolean own = recipient.equals(message.from());
        if (own && contactPermit != null) {
            throw new IllegalArgumentException("the sender's own copy carries no permit");
        }
        return sealCopy(own ? message : message.withoutBcc(), recipient.hash(), recipientKey, contactPermit,
                bodyCiphertext);
    }

    /**
     * Seals for a recipient known only by its address hash (a server writing to its own user, whose address it never
     * learns). The copy carries no Bcc list.
     */
    public SealedMessage sealForHash(InnerMessage message, Sha256 recipientHash, EncryptionRecipient recipientKey,
                                     OutputStream bodyCiphertext) throws IOException {
        return sealCopy(message.withoutBcc(), recipientHash, recipientKey, null, bodyCiphertext);
    }

    private SealedMessage sealCopy(InnerMessage copy, Sha256 recipientHash, EncryptionRecipient recipientKey,
                                   PermitId contactPermit, OutputStream bodyCiphertext) throws IOException {
        DigestingOutputStream body = new DigestingOutputStream(bodyCiphertext);
        long plaintextSize;
        try (OutputStream encrypting = AgeCipher.encrypting(recipientKey, body);
             CountingOutputStream plaintext = new CountingOutputStream(encrypting)) {
            MimeComposer.write(copy, plaintext);
            plaintext.flush();
            plaintextSize = plaintext.count();
        }
        byte[] summary = encryptSummary(summaryOf(copy, plaintextSize).withPermit(contactPermit), recipientKey);
        UnsignedEnvelope envelope = new UnsignedEnvelope(1, randomUuid(), copy.from().hash(), recipientHash,
                senderKeyId, summary.length, Sha256.hash(summary), body.count(), body.sha256());
        return new SealedMessage(envelope, summary);
    }

    static Summary summaryOf(InnerMessage m, long size) {
        return new Summary(m.from().display(), m.to().stream().map(Address::display).toList(),
                m.cc().stream().map(Address::display).toList(), m.bcc().stream().map(Address::display).toList(),
                m.subject(), m.date().toString(), m.messageId(), m.threadId(), m.listId(), size,
                m.attachments().stream().map(Attachment::name).toList());
    }

    private static byte[] encryptSummary(Summary summary, EncryptionRecipient key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (OutputStream encrypting = AgeCipher.encrypting(key, out)) {
            encrypting.write(summary.toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory encryption failed", e);
        }
        return out.toByteArray();
    }

    private UUID randomUuid() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (b[i] & 0xff);
            lo = (lo << 8) | (b[8 + i] & 0xff);
        }
        return new UUID(hi, lo);
    }
}
