package org.mailv2.server.service;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.permit.Permit;
import org.mailv2.protocol.pow.StampVerifier;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.Resolver;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.server.store.BlobStore;
import org.mailv2.server.store.CommitUnknownException;
import org.mailv2.server.store.Database;
import org.mailv2.server.store.MessageStore;
import org.mailv2.server.store.PermitState;
import org.mailv2.server.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts a sealed copy for an account hosted here: the envelope must be signed by the sender's key (per its
 * resolver record), carry an active permit of the recipient for that sender or an unspent stamp with enough bits
 * (the larger of this server's bits and those the recipient's address record asks), and the ciphertexts must match
 * it. Idempotent by message id; a permit-admitted copy also after the recipient deleted it, until the permit is
 * revoked (a tombstone per id). Mail from a sender the recipient blocked is refused; stamp-admitted mail for the inbox
 * goes to the screener box unless the recipient allowed the sender ({@link ScreenerService}). Acknowledged only once
 * the blob and the row are durable. The body blob is deleted again only when its row was surely not committed.
 */
public final class DeliveryService {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryService.class);
    /**
     * What happened to a delivery. {@code FORWARDED} stays inside this class: a copy taken durably for forwarding is
     * answered as {@code STORED} (201).
     */
    public enum Outcome { STORED, DUPLICATE, FORWARDED }

    /** Wakes the relay after a copy was queued for forwarding (the relay polls anyway, this only makes it sooner). */
    public void onForwarded(Runnable wakeUp) {
        forwarding.onQueued(wakeUp);
    }

    /**
     * Told the account when a copy was stored for it in a box other than the inbox (a device's Sent copy): its other
     * devices hear of it from the change log. Inbox mail has its own new-mail event and needs no second nudge.
     */
    public void onStoredElsewhere(java.util.function.Consumer<org.mailv2.protocol.digest.Sha256> nudge) {
        this.storedElsewhere = nudge;
    }

    private volatile java.util.function.Consumer<org.mailv2.protocol.digest.Sha256> storedElsewhere = account -> { };

    private final Database db;
    private final BlobStore blobs;
    private final Resolver resolver;
    private final StampVerifier stamps;
    private final int messageBits;
    private final long maxMessageBytes;
    private final Clock clock;
    private final java.util.function.Consumer<org.mailv2.protocol.digest.Sha256> onStored;
    private final ScreenerService screener;
    private final DeliveryMeters meters;
    private final Forwarding forwarding;
    /** Senders write again and again: their unchanged records are not verified again for every message. */
    private final VerifiedRecords verifiedRecords = new VerifiedRecords(10_000);
    /** Concurrent deliveries share a durable commit where the database has one writer at a time. */
    private final GroupCommit commits;
    /** How long a server forwards the mail of an account that moved away, unless configured otherwise. */
    public static final java.time.Duration DEFAULT_MOVED_GRACE = java.time.Duration.ofDays(30);

    /** @param onStored told the account after a message is stored for it (new-mail events) */
    public DeliveryService(Database db, BlobStore blobs, Resolver resolver, int messageBits, long maxMessageBytes,
                           Clock clock, java.util.function.Consumer<org.mailv2.protocol.digest.Sha256> onStored) {
        this(db, blobs, resolver, messageBits, maxMessageBytes, clock, onStored, DeliveryMeters.NONE);
    }

    /** @param meters counts deliveries, refusals, and stamp and permit checks */
    public DeliveryService(Database db, BlobStore blobs, Resolver resolver, int messageBits, long maxMessageBytes,
                           Clock clock, java.util.function.Consumer<org.mailv2.protocol.digest.Sha256> onStored,
                           DeliveryMeters meters) {
        this(db, blobs, resolver, messageBits, maxMessageBytes, clock, onStored, meters, DEFAULT_MOVED_GRACE, null);
    }

    /**
     * @param movedGrace how long after an account moved away its mail is still forwarded to its new routing; after
     *     that it is refused with {@code moved}
     * @param routingId this server's routing id: mail of a moved account is forwarded only while the resolver routes
     *     the account to another one (null: only while it routes it where the account said it moved)
     */
    public DeliveryService(Database db, BlobStore blobs, Resolver resolver, int messageBits, long maxMessageBytes,
                           Clock clock, java.util.function.Consumer<org.mailv2.protocol.digest.Sha256> onStored,
                           DeliveryMeters meters, java.time.Duration movedGrace,
                           org.mailv2.protocol.digest.Sha256 routingId) {
        this.forwarding = new Forwarding(db, resolver, movedGrace, routingId, clock);
        this.commits = new GroupCommit(db, db.oneWriterAtATime());
        this.meters = meters;
        this.db = db;
        this.blobs = blobs;
        this.resolver = resolver;
        this.stamps = new StampVerifier(clock);
        this.messageBits = messageBits;
        this.maxMessageBytes = maxMessageBytes;
        this.clock = clock;
        this.onStored = onStored;
        this.screener = new ScreenerService(db, clock);
    }

    /**
     * @throws ProtocolException {@code unknown_recipient}, {@code bad_signature}, {@code too_large},
     *     {@code quota_exceeded}, {@code pow_required}, {@code pow_invalid}, {@code stamp_expired},
     *     {@code stamp_replayed}, {@code permit_revoked}, {@code permit_mismatch}, {@code blocked}, {@code tampered},
     *     {@code conflict}, {@code suspended}, {@code moved} when the recipient moved to another server longer ago
     *     than the grace period (within it, the copy is forwarded there and this answers {@code STORED}),
     *     {@code insufficient_storage} when the blob store's disk or the database
     *     is full (nothing is kept: no blob, no row, the stamp not spent); {@code internal} as
     *     {@link ResolverUnreachable} when a remote resolver gives no answer (before the body is read)
     * @throws IOException when the request, the blob store or the resolver fails
     */
    public Outcome deliver(Envelope envelope, InputStream content) throws IOException {
        return deliver(envelope, content, "inbox");
    }

    /**
     * Stores mail this server wrote itself (delivery-status messages from its postmaster): signature and ciphertext
     * checks as usual, no stamp or permit.
     */
    Outcome deliverTrusted(Envelope envelope, InputStream content) throws IOException {
        return deliver(envelope, content, "inbox", true);
    }

    Outcome deliver(Envelope envelope, InputStream content, String box) throws IOException {
        return deliver(envelope, content, box, false);
    }

    private Outcome deliver(Envelope envelope, InputStream content, String box, boolean trusted)
            throws IOException {
        Outcome outcome;
        try {
            outcome = checkAndStore(envelope, content, box, trusted);
        } catch (ProtocolException e) {
            meters.refused(e.code());
            throw e;
        }
        meters.delivered(outcome);
        return outcome;
    }

    private Outcome checkAndStore(Envelope envelope, InputStream content, String box, boolean trusted)
            throws IOException {
        var account = db.accounts().find(envelope.toHash())
                .orElseThrow(() -> new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "no such recipient here"));
        if (account.suspended() && !trusted) {
            // The postmaster's own notices still arrive: the account's holder reads them after a resume.
            throw new ProtocolException(ErrorCode.SUSPENDED, "the recipient's account is suspended");
        }
        // An account that moved away: its mail goes on to the new routing (no admission here: the new server, which
        // holds the account's permits and rules now, decides), until the grace period is over.
        Forwarding.Route route = trusted ? Forwarding.Route.HERE : forwarding.route(envelope.toHash());
        boolean forward = route == Forwarding.Route.FORWARD;
        verifySender(envelope);
        long size = envelope.summarySize() + envelope.bodySize();
        Quotas.requireAtMost(size, maxMessageBytes);
        Quotas.requireRoom(db, account, size, "the recipient's mailbox is full");
        boolean ownCopy = trusted || envelope.fromHash().matches(envelope.toHash());
        if (!ownCopy && !forward) {
            screener.requireNotBlocked(envelope);
            checkAdmission(envelope);
        }
        SealedUpload.Parts parts = StorageFull.guard(() -> SealedUpload.read(envelope, content, blobs));
        String blob;
        try (BlobStore.Staged staged = parts.body()) {
            blob = StorageFull.guard(staged::commit);
        }
        Outcome outcome;
        try {
            outcome = commits.run(() -> !trusted && forwarding.forwardNow(route, envelope.toHash())
                    ? forwarding.enqueue(envelope, parts.summary(), blob)
                    : store(envelope, parts.summary(), blob, box, ownCopy));
        } catch (CommitUnknownException e) {
            // The row may be durable and name the blob: keep it (at worst a file no row names).
            throw StorageFull.translate(e);
        } catch (RuntimeException e) {
            blobs.delete(blob);
            throw StorageFull.translate(e);
        }
        if (outcome == Outcome.DUPLICATE) {
            blobs.delete(blob);
        } else if (outcome == Outcome.FORWARDED) {
            forwarding.queued();
            return Outcome.STORED;
        } else {
            announce(envelope.toHash());
            if (!box.equals("inbox")) {
                storedElsewhere.accept(envelope.toHash());
            }
        }
        return outcome;
    }

    /** The message is stored whatever happens here; a failed new-mail notice (say, after shutdown) is only logged. */
    private void announce(org.mailv2.protocol.digest.Sha256 account) {
        try {
            onStored.accept(account);
        } catch (RuntimeException e) {
            LOG.warn("delivery: new-mail notice failed after the message was stored: {}", e.toString());
        }
    }

    /** The largest copy (summary + body ciphertexts) this server takes, for delivery and the relay queue alike. */
    long maxMessageBytes() {
        return maxMessageBytes;
    }

    private Outcome store(Envelope envelope, byte[] summary, String blob, String box, boolean ownCopy) {
        UUID messageId = UUID.fromString(envelope.messageId());
        var existing = db.messages().get(envelope.toHash(), messageId);
        if (existing.isPresent()) {
            return sameContent(existing.get(), envelope) ? Outcome.DUPLICATE : conflict();
        }
        boolean byPermit = !ownCopy && envelope.permitId() != null;
        if (byPermit) {
            requireActivePermit(envelope);
            if (db.permits().wasAdmitted(envelope.toHash(), messageId)) {
                // Admitted before and deleted by the recipient since: a replay, not new mail.
                return Outcome.DUPLICATE;
            }
        }
        if (!ownCopy && envelope.stamp() != null) {
            Stamps.spend(db.stamps(), envelope.stamp());
        }
        if (!ownCopy && !byPermit && box.equals(ScreenerService.INBOX)) {
            box = screener.boxForStamped(envelope);
        }
        StoredMessage message = new StoredMessage(envelope.toHash(), messageId,
                0, box, Set.of(), envelope.toJson(), summary, blob, envelope.bodySize(), envelope.bodySha256(),
                envelope.summarySha256(), clock.instant());
        MessageStore.Insert result = db.messages().insert(message);
        if (result == MessageStore.Insert.NEW && byPermit) {
            db.permits().admitted(envelope.permitId(), envelope.toHash(), messageId);
        }
        return switch (result) {
            case NEW -> Outcome.STORED;
            case DUPLICATE -> Outcome.DUPLICATE;
            case CONFLICT -> conflict();
        };
    }

    /**
     * A record from the resolver. An answer of the resolver's own (an {@link ApiException}) is passed on; no answer
     * at all becomes {@link ResolverUnreachable} (503, passing), before anything of the delivery is read.
     */
    private java.util.Optional<AddressRecord> lookup(org.mailv2.protocol.digest.Sha256 hash) throws IOException {
        try {
            return resolver.address(hash);
        } catch (ApiException answered) {
            throw answered;
        } catch (IOException noAnswer) {
            LOG.warn("delivery: the resolver is unreachable: {}", noAnswer.toString());
            throw new ResolverUnreachable(noAnswer);
        }
    }

    private void verifySender(Envelope envelope) throws IOException {
        AddressRecord sender = lookup(envelope.fromHash())
                .orElseThrow(() -> new ProtocolException(ErrorCode.BAD_SIGNATURE, "the sender has no record"));
        verifiedRecords.requireSelfSigned(sender);
        envelope.verifySignature(signerOf(envelope, sender, resolver, clock));
    }

    /**
     * The key the envelope must verify under: the sender's current key, or a key it rotated away from less than
     * {@link org.mailv2.protocol.resolver.RetiredKeys#GRACE} ago (mail in flight). The key history is asked only when
     * the envelope names another key than the current one.
     */
    static org.mailv2.protocol.keys.SigningPublicKey signerOf(Envelope envelope, AddressRecord current,
                                                              Resolver resolver, Clock clock) throws IOException {
        if (current.signingKey().keyId().equals(envelope.senderKeyId())) {
            return current.signingKey();
        }
        return org.mailv2.protocol.resolver.RetiredKeys.signing(envelope.senderKeyId(), current,
                resolver.keyChanges(current.addressHash()), clock.instant()).orElse(current.signingKey());
    }

    /**
     * Cheap checks before the body is read: a valid permit, or a stamp that verifies (spent later, atomically) with
     * the larger of this server's bits and those the recipient's record asks.
     */
    private void checkAdmission(Envelope envelope) throws IOException {
        if (envelope.permitId() != null) {
            try {
                requireActivePermit(envelope);
            } catch (ProtocolException e) {
                meters.permitChecked(e.code());
                throw e;
            }
            meters.permitChecked(null);
            return;
        }
        int bits = lookup(envelope.toHash()).map(r -> r.requiredBits(messageBits)).orElse(messageBits);
        if (envelope.stamp() == null) {
            throw new PowRequired(bits);
        }
        try {
            stamps.verify(envelope.stamp(), envelope.fromHash(), envelope.toHash(), envelope.unsigned().digest(),
                    bits);
        } catch (ProtocolException e) {
            meters.stampChecked(e.code());
            throw e.code() == ErrorCode.POW_REQUIRED ? new PowRequired(bits) : e;
        }
        meters.stampChecked(null);
    }

    private void requireActivePermit(Envelope envelope) {
        PermitState state = db.permits().find(envelope.permitId())
                .orElseThrow(() -> new ProtocolException(ErrorCode.PERMIT_MISMATCH, "no such permit"));
        Permit permit = state.permit();
        permit.requireCovers(envelope.fromHash(), envelope.toHash());
        if (!state.active()) {
            throw new ProtocolException(ErrorCode.PERMIT_REVOKED, "the recipient revoked this permit");
        }
    }

    private static boolean sameContent(StoredMessage stored, Envelope envelope) {
        return stored.bodySha256().matches(envelope.bodySha256())
                && stored.summarySha256().matches(envelope.summarySha256());
    }

    private static Outcome conflict() {
        throw new ProtocolException(ErrorCode.CONFLICT, "this message id was delivered with other content");
    }
}
