package org.mailv2.client.core.read;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.mailv2.client.core.account.Connection;
import org.mailv2.protocol.api.MessageView;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.seal.AttachmentSink;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.protocol.seal.MessageOpener;
import org.mailv2.protocol.seal.OpenedMessage;
import org.mailv2.protocol.seal.VerifiedEnvelope;

/**
 * Lists and opens an account's mail. Every message is verified against its sender's resolver record before anything
 * of it is shown; bodies are downloaded once into the cache folder (still age-encrypted) and opened from there, in
 * constant memory.
 */
public final class MailboxReader {
    private final Path cacheDir;

    public MailboxReader(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    /** @throws IOException when the server or the resolver cannot be reached */
    public List<InboxEntry> list(Connection connection, String box, int limit) throws IOException {
        MessageOpener opener = opener(connection);
        List<InboxEntry> entries = new ArrayList<>();
        for (MessageView view : connection.server().list(box, 0, limit).messages()) {
            var envelope = view.envelope();
            try {
                VerifiedEnvelope verified = opener.verify(envelope, senderKey(connection, view));
                entries.add(new InboxEntry(envelope.messageId(), view.sequence(), view.box(), view.flags(),
                        opener.openSummary(verified, view.summaryBytes()), envelope.senderKeyId().hex(), null));
            } catch (ProtocolException e) {
                entries.add(new InboxEntry(envelope.messageId(), view.sequence(), view.box(), view.flags(), null,
                        envelope.senderKeyId().hex(), e.code().wire()));
            }
        }
        return entries;
    }

    /** One message's verified summary (e.g. to reply to it). */
    public org.mailv2.protocol.seal.Summary summary(Connection connection, UUID id) throws IOException {
        MessageView view = connection.server().message(id);
        MessageOpener opener = opener(connection);
        return opener.openSummary(opener.verify(view.envelope(), senderKey(connection, view)), view.summaryBytes());
    }

    /**
     * Opens one message; attachments go to {@code attachments} (null: only measured).
     *
     * @throws ProtocolException {@code tampered}, {@code bad_signature}, {@code sender_mismatch}, … when the message
     *     fails a check
     */
    public OpenedMessage read(Connection connection, UUID id, AttachmentSink attachments) throws IOException {
        MessageView view = connection.server().message(id);
        MessageOpener opener = opener(connection);
        VerifiedEnvelope verified = opener.verify(view.envelope(), senderKey(connection, view));
        Path body = cachedBody(connection, id);
        if (!Files.exists(body)) {
            // Download to a temporary name first: a cached body is always a whole one.
            Files.createDirectories(body.getParent());
            Path partial = Files.createTempFile(body.getParent(), ".download-", ".age");
            try {
                try (OutputStream out = Files.newOutputStream(partial)) {
                    connection.server().body(id, out);
                }
                Files.move(partial, body, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
        try {
            return opener.openBody(verified, ByteSource.of(body),
                    attachments == null ? AttachmentSink.DISCARD : attachments);
        } catch (ProtocolException e) {
            // A body that fails its checks is not kept: the next read fetches it again.
            Files.deleteIfExists(body);
            throw e;
        }
    }

    /**
     * Where a body is cached: its age ciphertext as the server sent it, readable only with the account's key, and
     * checked against the signed envelope every time it is opened.
     */
    private Path cachedBody(Connection connection, UUID id) {
        return cacheDir.resolve("bodies").resolve(connection.account().parsedAddress().hash().hex())
                .resolve(id + ".age");
    }

    private static MessageOpener opener(Connection connection) {
        return new MessageOpener(connection.account().parsedAddress(), connection.account().encryptionIdentity());
    }

    private static org.mailv2.protocol.keys.SigningPublicKey senderKey(Connection connection, MessageView view)
            throws IOException {
        AddressRecord record = connection.resolver().address(view.envelope().fromHash()).orElseThrow(() ->
                new ProtocolException(ErrorCode.BAD_SIGNATURE, "the sender has no published keys"));
        record.verifySelf();
        return record.signingKey();
    }
}
