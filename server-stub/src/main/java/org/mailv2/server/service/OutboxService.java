package org.mailv2.server.service;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.server.store.Account;
import org.mailv2.server.store.BlobStore;
import org.mailv2.server.store.CommitUnknownException;
import org.mailv2.server.store.Database;
import org.mailv2.server.store.QueuedDelivery;

/**
 * Takes sealed copies from an authenticated account: its own Sent copy goes to its "sent" box, a copy for an account
 * hosted here is delivered at once (with all the checks of {@link DeliveryService}), and any other copy is queued,
 * durably, for the relay.
 */
public final class OutboxService {
    /** What became of a submitted copy. */
    public enum Outcome { STORED, DUPLICATE, QUEUED }

    private final Database db;
    private final BlobStore blobs;
    private final DeliveryService delivery;
    private final Clock clock;
    private final Runnable onQueued;
    private static final String QUOTA_FULL = "your mailbox and outbox are full";

    private final org.mailv2.protocol.resolver.Resolver resolver;
    private final Sha256 routingId;
    private final AccountRecords records;

    /** @param onQueued called after a copy was queued durably (wakes the relay) */
    public OutboxService(Database db, BlobStore blobs, DeliveryService delivery, org.mailv2.protocol.resolver.Resolver
            resolver, AccountRecords records, Sha256 routingId, Clock clock, Runnable onQueued) {
        this.records = records;
        this.resolver = resolver;
        this.routingId = routingId;
        this.db = db;
        this.blobs = blobs;
        this.delivery = delivery;
        this.clock = clock;
        this.onQueued = onQueued;
    }

    /**
     * @throws ProtocolException {@code forbidden} when the envelope is not from {@code account}; for a queued copy
     *     {@code too_large} over the server's message limit and {@code quota_exceeded} when the sender's stored and
     *     queued bytes would pass its quota (nothing is stored), {@code insufficient_storage} when the server's disk
     *     or database is full (nothing is stored); otherwise as {@link DeliveryService#deliver}
     * @throws IOException when the request or the storage fails
     */
    public Outcome submit(Sha256 account, Envelope envelope, InputStream content) throws IOException {
        if (!envelope.fromHash().matches(account)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "an account submits only its own mail");
        }
        if (envelope.toHash().matches(account)) {
            return map(delivery.deliver(envelope, content, "sent"));
        }
        if (db.accounts().find(envelope.toHash()).isPresent()
                && db.moves().departure(envelope.toHash()).isEmpty()) {
            return map(delivery.deliver(envelope, content, "inbox"));
        }
        // An account that moved away is remote now: its copies go to the relay like any other (protocol §7.6).
        // Refuse at once what the relay could only bounce: no record, or a record routing here without an account.
        var record = resolver.address(envelope.toHash()).orElseThrow(
                () -> new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "the recipient has no record"));
        if (record.routingId().matches(routingId)) {
            throw new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "no such recipient here");
        }
        return queue(account, envelope, content);
    }

    private Outcome queue(Sha256 account, Envelope envelope, InputStream content) throws IOException {
        var sender = records.current(account)
                .orElseThrow(() -> new ProtocolException(ErrorCode.UNAUTHORIZED, "account has no record"));
        try {
            envelope.verifySignature(DeliveryService.signerOf(envelope, sender, resolver, clock));
        } catch (ProtocolException e) {
            // The key may have been replaced at the resolver since the copy here was taken: look once more.
            if (!records.refresh(account)) {
                throw e;
            }
            envelope.verifySignature(DeliveryService.signerOf(envelope,
                    records.current(account).orElseThrow(() -> e), resolver, clock));
        }
        Account owner = db.accounts().find(account)
                .orElseThrow(() -> new ProtocolException(ErrorCode.UNAUTHORIZED, "no such account"));
        long size = envelope.summarySize() + envelope.bodySize();
        Quotas.requireAtMost(size, delivery.maxMessageBytes());
        Quotas.requireRoom(db, owner, size, QUOTA_FULL);
        SealedUpload.Parts parts = StorageFull.guard(() -> SealedUpload.read(envelope, content, blobs));
        String blob;
        try (BlobStore.Staged staged = parts.body()) {
            blob = StorageFull.guard(staged::commit);
        }
        QueuedDelivery item = new QueuedDelivery(0, account, java.util.UUID.fromString(envelope.messageId()),
                envelope.toHash(), envelope.toJson(), parts.summary(), blob, size, 0, clock.instant(),
                clock.instant(), null, null);
        QueuedDelivery stored;
        try {
            // Checked again with the insert. SQLite serialises writers, so concurrent submissions of one account
            // cannot pass the quota together; on PostgreSQL (read committed) each may overshoot it by one copy.
            stored = db.inTransaction(() -> {
                Quotas.requireRoom(db, owner, size, QUOTA_FULL);
                return db.queue().enqueue(item);
            });
        } catch (CommitUnknownException e) {
            // The item may be durable and name the blob: keep it.
            throw StorageFull.translate(e);
        } catch (RuntimeException e) {
            blobs.delete(blob);
            throw StorageFull.translate(e);
        }
        if (!stored.bodyBlob().equals(blob)) {
            blobs.delete(blob);
            return Outcome.DUPLICATE;
        }
        onQueued.run();
        return Outcome.QUEUED;
    }

    private static Outcome map(DeliveryService.Outcome outcome) {
        return outcome == DeliveryService.Outcome.STORED ? Outcome.STORED : Outcome.DUPLICATE;
    }
}
