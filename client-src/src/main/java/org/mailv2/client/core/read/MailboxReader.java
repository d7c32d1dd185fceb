package org.mailv2.client.core.read;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.account.TransferProgress;
import org.mailv2.client.core.cache.Syncer;
import org.mailv2.client.core.trust.SenderTrust;
import org.mailv2.protocol.api.MessageView;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.seal.AttachmentSink;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.protocol.seal.MessageOpener;
import org.mailv2.protocol.seal.OpenedMessage;
import org.mailv2.protocol.seal.Rfc5322Output;
import org.mailv2.protocol.seal.Summary;

/**
 * Opens an account's mail. Every message's sender is checked against the pinned keys ({@link SenderTrust}) before
 * anything of it is shown; bodies are downloaded once into the cache folder (still age-encrypted) and opened from
 * there, in constant memory.
 */
public final class MailboxReader {
    /** An opened message and how its sender was checked. */
    public record Read(OpenedMessage message, SenderTrust.Checked checked) {
    }

    private final Path cacheDir;

    public MailboxReader(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    /**
     * One message's verified summary (e.g. to reply to it).
     *
     * @throws ProtocolException when the sender does not verify against the pinned key (see {@link SenderTrust})
     */
    public Summary summary(Connection connection, UUID id, SenderTrust trust) throws IOException {
        MessageView view = connection.server().message(id);
        return trust.check(Syncer.opener(connection), view.envelope(), view.summaryBytes(), view.receivedAt()).require().summary();
    }

    /** The message as the server lists it, checked again (after the user accepted a key). */
    public MessageView view(Connection connection, UUID id) throws IOException {
        return connection.server().message(id);
    }

    /**
     * Opens one message; attachments go to {@code attachments} (null: only measured), which must keep nothing of a
     * message this throws for: they are written while the body is read, before its hash is known to be the signed one
     * ({@link MessageOpener#openBodyOnce}).
     *
     * @throws ProtocolException {@code key_change_unsigned} for a key the pinned one did not endorse; {@code tampered},
     *     {@code bad_signature}, {@code sender_mismatch}, … when the message fails a check
     */
    public Read read(Connection connection, UUID id, AttachmentSink attachments, SenderTrust trust)
            throws IOException {
        return read(connection, id, attachments, trust, null);
    }

    /**
     * As {@link #read(Connection, UUID, AttachmentSink, SenderTrust)}, and writes the decrypted inner message as it
     * was sealed, but with binary parts base64 again (RFC 5322 for other mail tools: {@link Rfc5322Output}), to
     * {@code raw} (see {@link org.mailv2.protocol.seal.MessageOpener#openBody(
     * org.mailv2.protocol.seal.VerifiedEnvelope, ByteSource, AttachmentSink, OutputStream)}); null for none.
     */
    public Read read(Connection connection, UUID id, AttachmentSink attachments, SenderTrust trust, OutputStream raw)
            throws IOException {
        return read(connection, id, attachments, trust, raw, TransferProgress.NONE);
    }

    /** As above, reporting how far the body's download got (when it is not cached yet) to {@code downloads}. */
    public Read read(Connection connection, UUID id, AttachmentSink attachments, SenderTrust trust, OutputStream raw,
                     TransferProgress downloads) throws IOException {
        MessageView view = connection.server().message(id);
        SenderTrust.Checked checked = trust.check(Syncer.opener(connection), view.envelope(), view.summaryBytes(), view.receivedAt())
                .require();
        Path body = cachedBody(connection, id);
        if (!Files.exists(body)) {
            // Download to a temporary name first: a cached body is always a whole one.
            Files.createDirectories(body.getParent());
            Path partial = Files.createTempFile(body.getParent(), ".download-", ".age");
            try {
                try (OutputStream out = downloads.counting(Files.newOutputStream(partial), "downloading",
                        view.envelope().bodySize())) {
                    connection.server().body(id, out);
                }
                Files.move(partial, body, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
        // What leaves as raw bytes goes out as RFC 5322: attachments sealed as binary parts become base64 again.
        Rfc5322Output rewritten = raw == null ? null : Rfc5322Output.to(raw);
        try {
            AttachmentSink sink = attachments == null ? AttachmentSink.DISCARD : attachments;
            // Raw bytes go where nothing can take them back, so the body is checked first; attachments go to sinks
            // that keep nothing of a message that fails, so one pass does (BENCHMARKS.md: a third less work).
            MessageOpener opener = Syncer.opener(connection);
            Read read = new Read(rewritten == null
                    ? opener.openBodyOnce(checked.envelope(), ByteSource.of(body), sink)
                    : opener.openBody(checked.envelope(), ByteSource.of(body), sink, rewritten), checked);
            if (rewritten != null) {
                rewritten.close();
            }
            return read;
        } catch (ProtocolException e) {
            if (rewritten != null) {
                rewritten.abandon();
            }
            // A body that fails its checks is not kept: the next read fetches it again.
            Files.deleteIfExists(body);
            throw e;
        } catch (IOException | RuntimeException e) {
            if (rewritten != null) {
                rewritten.abandon();
            }
            throw e;
        }
    }

    /**
     * Saves a message's attachments into {@code folder}, each under its own name without any path, never replacing a
     * file; nothing is kept unless the whole body verified.
     */
    public List<Path> saveAttachments(Connection connection, UUID id, Path folder, SenderTrust trust)
            throws IOException {
        AttachmentFolder target = new AttachmentFolder(folder);
        try {
            read(connection, id, target, trust);
        } catch (IOException | RuntimeException failed) {
            target.discard();
            throw failed;
        }
        return target.keep();
    }

    /**
     * Where a body is cached: its age ciphertext as the server sent it, readable only with the account's key, and
     * checked against the signed envelope every time it is opened.
     */
    private Path cachedBody(Connection connection, UUID id) {
        return cacheDir.resolve("bodies").resolve(connection.account().parsedAddress().hash().hex())
                .resolve(id + ".age");
    }
}
