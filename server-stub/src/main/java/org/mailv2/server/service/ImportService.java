package org.mailv2.server.service;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.server.store.Account;
import org.mailv2.server.store.BlobStore;
import org.mailv2.server.store.CommitUnknownException;
import org.mailv2.server.store.Database;
import org.mailv2.server.store.MessageStore;
import org.mailv2.server.store.StoredMessage;

/**
 * {@code POST /api/v1/import}: an account copies one of its own sealed messages in, as it is (a move brings its
 * mailboxes over this way, protocol §7.6). The copy must concern the account — it is the envelope's recipient or its
 * sender — and its ciphertexts must match the envelope; it counts against the account's quota. Idempotent by
 * (account, message id), like a delivery: the same id with the same hashes is a duplicate, with others a
 * {@code conflict}.
 *
 * <p>No stamp, no permit, and no check of the sender's signature against today's record (the sender may have rotated
 * keys since): an account writes only into its own mailbox, and its client verifies every message when it opens it
 * (§6.4), so an import can mislead no one but the importer.
 */
public final class ImportService {
    private static final Pattern BOX = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /** What became of an imported copy. */
    public enum Outcome { STORED, DUPLICATE }

    private final Database db;
    private final BlobStore blobs;
    private final long maxMessageBytes;
    private final Clock clock;

    public ImportService(Database db, BlobStore blobs, long maxMessageBytes, Clock clock) {
        this.db = db;
        this.blobs = blobs;
        this.maxMessageBytes = maxMessageBytes;
        this.clock = clock;
    }

    /**
     * @throws ProtocolException {@code not_recipient} for a copy of someone else's, {@code malformed} for a bad box
     *     name, {@code too_large} over the server's message limit, {@code quota_exceeded}, {@code tampered} when a
     *     ciphertext differs from the envelope, {@code conflict} for the same id with other content,
     *     {@code insufficient_storage}; nothing is kept on any of them
     * @throws IOException when the request or the storage fails
     */
    public Outcome importCopy(Sha256 account, Envelope envelope, InputStream content, String box,
                              Set<StoredMessage.Flag> flags) throws IOException {
        if (!envelope.toHash().matches(account) && !envelope.fromHash().matches(account)) {
            throw new ProtocolException(ErrorCode.NOT_RECIPIENT, "a copy is imported by its recipient or sender");
        }
        if (box == null || !BOX.matcher(box).matches()) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a box name is 1-64 of a-z 0-9 . _ -");
        }
        Account owner = db.accounts().find(account)
                .orElseThrow(() -> new ProtocolException(ErrorCode.UNAUTHORIZED, "no such account"));
        long size = envelope.summarySize() + envelope.bodySize();
        Quotas.requireAtMost(size, maxMessageBytes);
        UUID messageId = UUID.fromString(envelope.messageId());
        var existing = db.messages().get(account, messageId);
        if (existing.isPresent() && !sameContent(existing.get(), envelope)) {
            throw new ProtocolException(ErrorCode.CONFLICT, "this message id is here with other content");
        }
        if (existing.isEmpty()) {
            Quotas.requireRoom(db, owner, size, "your mailbox is full");
        }
        SealedUpload.Parts parts = StorageFull.guard(() -> SealedUpload.read(envelope, content, blobs));
        if (existing.isPresent()) {
            parts.body().close();
            return Outcome.DUPLICATE;
        }
        String blob;
        try (BlobStore.Staged staged = parts.body()) {
            blob = StorageFull.guard(staged::commit);
        }
        StoredMessage message = new StoredMessage(account, messageId, 0, box, flags, envelope.toJson(),
                parts.summary(), blob, envelope.bodySize(), envelope.bodySha256(), envelope.summarySha256(),
                clock.instant());
        MessageStore.Insert result;
        try {
            result = db.inTransaction(() -> {
                Quotas.requireRoom(db, owner, size, "your mailbox is full");
                return db.messages().insert(message);
            });
        } catch (CommitUnknownException e) {
            throw StorageFull.translate(e);
        } catch (RuntimeException e) {
            blobs.delete(blob);
            throw StorageFull.translate(e);
        }
        if (result != MessageStore.Insert.NEW) {
            blobs.delete(blob);
        }
        return switch (result) {
            case NEW -> Outcome.STORED;
            case DUPLICATE -> Outcome.DUPLICATE;
            case CONFLICT -> throw new ProtocolException(ErrorCode.CONFLICT,
                    "this message id is here with other content");
        };
    }

    private static boolean sameContent(StoredMessage stored, Envelope envelope) {
        return stored.bodySha256().matches(envelope.bodySha256())
                && stored.summarySha256().matches(envelope.summarySha256());
    }
}
