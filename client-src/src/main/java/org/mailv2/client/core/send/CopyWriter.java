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
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.account.TransferProgress;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.keys.EncryptionRecipient;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.protocol.pow.SolveProgress;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.pow.StampHeader;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.pow.StampVerifier;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.protocol.seal.InnerMessage;
import org.mailv2.protocol.seal.MessageSealer;
import org.mailv2.protocol.seal.SealedMessage;
import org.mailv2.protocol.seal.UnsignedEnvelope;

/**
 * Writes the copies of one send (or one re-send, or one flush of the outbox) through the outbox: seals each to a
 * file, pays with a permit or a stamp, submits it to the own server at the pace the server allows (see
 * {@link Pacing}), and keeps count of where the time goes.
 */
final class CopyWriter {
    /** {@code relayed}: the recipient lives on another server, so a refusal arrives later, from the postmaster. */
    record Target(Address address, EncryptionRecipient key, int bits, boolean relayed) {
    }

    private final Connection connection;
    private final Outbox outbox;
    private final StampSolver solver;
    private final SecureRandom random;
    private final Clock clock;
    private final Pacing pacing;
    private final TransferProgress uploads;
    private AfterCommit afterNextCommit;

    /** What runs once right after a copy is committed to the outbox (before it is submitted). */
    @FunctionalInterface
    interface AfterCommit {
        void run() throws IOException;
    }
    // Summed over the threads a list post's copies go out on.
    private final LongAdder sealNanos = new LongAdder();
    private final LongAdder stampNanos = new LongAdder();
    private final LongAdder submitNanos = new LongAdder();

    CopyWriter(Connection connection, Outbox outbox, StampSolver solver, SecureRandom random, Clock clock,
               Pacing pacing, TransferProgress uploads) {
        this.uploads = uploads;
        this.connection = connection;
        this.outbox = outbox;
        this.solver = solver;
        this.random = random;
        this.clock = clock;
        this.pacing = pacing;
    }

    /**
     * Seals, pays (a permit, a stamp, or nothing for the Sent copy) and submits one copy. {@code carry} goes into
     * the summary; with {@code hold} the copy is kept once accepted (see {@link HeldCopies}).
     *
     * @throws ApiException when the own server refuses the copy for good (the copy is dropped); a passing error
     *     answers a {@code QUEUED} delivery instead
     */
    Delivery write(InnerMessage message, Target t, PermitId permit, PermitId carry, boolean hold,
                   Consumer<SolveProgress> progress) throws IOException {
        return submit(store(message, t, permit, carry, hold, progress));
    }

    /** A copy sealed, paid and committed to the outbox, not yet handed to the server. */
    record Stored(Outbox.Stored copy, int bits) {
    }

    /**
     * Seals, pays and commits one copy to the outbox without submitting it: from then on a crash loses nothing, the
     * next flush sends it.
     */
    Stored store(InnerMessage message, Target t, PermitId permit, PermitId carry, boolean hold,
                 Consumer<SolveProgress> progress) throws IOException {
        Stored stored = store(message, t, permit, carry, hold, false, progress);
        AfterCommit hook;
        synchronized (this) {
            hook = afterNextCommit;
            afterNextCommit = null;
        }
        if (hook != null) {
            hook.run();
        }
        return stored;
    }

    /** As {@link #store(InnerMessage, Target, PermitId, PermitId, boolean, Consumer)}, held back until revealed. */
    Stored storeHeldBack(InnerMessage message, Target t, Consumer<SolveProgress> progress) throws IOException {
        return store(message, t, null, null, false, true, progress);
    }

    /** Runs {@code hook} once, right after the next copy is committed to the outbox (and before it is submitted). */
    synchronized void afterNextCommit(AfterCommit hook) {
        afterNextCommit = hook;
    }

    /** A held-back copy made to wait like any other. */
    Stored reveal(Stored heldBack) throws IOException {
        return new Stored(outbox.reveal(heldBack.copy()), heldBack.bits());
    }

    private Stored store(InnerMessage message, Target t, PermitId permit, PermitId carry, boolean hold,
                         boolean heldBack, Consumer<SolveProgress> progress) throws IOException {
        Path copy;
        Envelope envelope;
        boolean own = t.address().equals(message.from());
        boolean free = own || permit != null;
        try (Outbox.Pending pending = outbox.begin()) {
            long started = System.nanoTime();
            SealedMessage sealed;
            try (OutputStream out = pending.body()) {
                sealed = new MessageSealer(connection.account().signingKey().keyId(), random)
                        .seal(message, t.address(), t.key(), own ? null : carry, out);
            }
            sealNanos.add(System.nanoTime() - started);
            Stamp stamp = free ? null : stamp(t.bits(), message.from().hash(), t.address().hash(), sealed.envelope(),
                    progress);
            started = System.nanoTime();
            envelope = sealed.envelope().sign(connection.account().signingKey(), stamp, own ? null : permit);
            copy = pending.commit(connection.account().address(), t.address(), envelope, sealed.summaryCiphertext(),
                    hold, heldBack);
            sealNanos.add(System.nanoTime() - started);
        }
        return new Stored(outbox.stored(copy, envelope, t.address()), free ? 0 : t.bits());
    }

    /** Hands a stored copy to the own server (see {@link #submit(Outbox.Stored, int)}). */
    Delivery submit(Stored stored) throws IOException {
        return submit(stored.copy(), stored.bits());
    }

    /** A held copy again, under a new envelope with a stamp instead of the refused permit. */
    Delivery restamp(HeldCopies.Held held, int bits, Consumer<SolveProgress> progress) throws IOException {
        Envelope stamped = restamped(held.envelope(), bits, progress);
        return submit(outbox.requeue(held, stamped), bits);
    }

    /**
     * Submits the waiting copies, oldest first; a copy whose stamp is past its day window goes under a fresh stamp
     * (same ciphertexts, new envelope id), as the server would refuse the old one with {@code stamp_expired}.
     */
    Sender.Flushed flush(Outbox.Waiting waiting) throws IOException {
        List<Delivery> deliveries = new ArrayList<>();
        for (Outbox.Stored copy : waiting.copies()) {
            Outbox.Stored current = copy;
            if (pacing.holding() == null && stampExpired(copy.envelope())) {
                current = outbox.reenvelope(copy, restamped(copy.envelope(),
                        copy.envelope().stamp().header().bits(), p -> { }));
            }
            int bits = current.envelope().stamp() == null ? 0 : current.envelope().stamp().header().bits();
            try {
                deliveries.add(submit(current, bits));
            } catch (ApiException refused) {
                deliveries.add(new Delivery(current.recipient(), current.envelope().messageId(), bits,
                        Delivery.Outcome.REFUSED, refused.code().wire()));
            }
        }
        return new Sender.Flushed(deliveries, waiting.quarantined());
    }

    Sender.Timings timings(long resolveNanos) {
        return new Sender.Timings(resolveNanos, sealNanos.sum(), stampNanos.sum(), submitNanos.sum());
    }

    /**
     * Whether a stamp's day is outside the window the servers accept today (DESIGN §6: ±2 days). A stamp still inside
     * it is sent as it is, under its envelope id, so a copy the server took once but whose answer was lost is taken
     * as the same delivery again (idempotent by id) rather than as a second one.
     */
    private boolean stampExpired(Envelope envelope) {
        if (envelope.stamp() == null) {
            return false;
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        return Math.abs(ChronoUnit.DAYS.between(today, envelope.stamp().header().date()))
                > StampVerifier.DATE_WINDOW_DAYS;
    }

    /** The same ciphertexts under a new envelope id, signed now and paid with a stamp of today. */
    private Envelope restamped(Envelope old, int bits, Consumer<SolveProgress> progress) {
        var key = connection.account().signingKey();
        UnsignedEnvelope fresh = new UnsignedEnvelope(Envelope.VERSION, UUID.randomUUID(), old.fromHash(),
                old.toHash(), key.keyId(), old.summarySize(), old.summarySha256(), old.bodySize(), old.bodySha256());
        return fresh.sign(key, stamp(bits, old.fromHash(), old.toHash(), fresh, progress), null);
    }

    private Stamp stamp(int bits, Sha256 from, Sha256 to, UnsignedEnvelope envelope,
                        Consumer<SolveProgress> progress) {
        long started = System.nanoTime();
        try {
            return solver.solve(new StampHeader(bits, LocalDate.now(clock.withZone(ZoneOffset.UTC)), from, to,
                    envelope.digest()), random.nextLong() >>> 1, progress);
        } finally {
            stampNanos.add(System.nanoTime() - started);
        }
    }

    /**
     * Hands a stored copy to the own server at the allowed pace: a rate limit within the go's budget is waited out,
     * any other passing error (or a longer wait) leaves this copy and the rest of the go queued; a stamp the server
     * finds expired is replaced once; a permanent refusal drops the copy and is thrown.
     */
    private Delivery submit(Outbox.Stored stored, int bits) throws IOException {
        long started = System.nanoTime();
        Outbox.Stored copy = stored;
        boolean restamped = false;
        try {
            while (pacing.holding() == null) {
                try {
                    pacing.awaitTurn();
                    if (pacing.holding() != null) {
                        break;
                    }
                    outbox.submit(connection, copy, uploads);
                    return new Delivery(copy.recipient(), copy.envelope().messageId(), bits,
                            Delivery.Outcome.DELIVERED);
                } catch (IOException failed) {
                    if (failed instanceof ApiException refused && !refused.isPassing()) {
                        if (refused.code() == ErrorCode.STAMP_EXPIRED && copy.envelope().stamp() != null
                                && !restamped) {
                            // Held past its day (a clock that disagrees with the server's, a long offline spell).
                            restamped = true;
                            copy = outbox.reenvelope(copy, restamped(copy.envelope(),
                                    copy.envelope().stamp().header().bits(), p -> { }));
                            continue;
                        }
                        outbox.drop(copy);
                        throw refused;
                    }
                    pacing.waitOut(failed);
                }
            }
            // Kept in the outbox: the next command, `mailv2 sync` and the TUI's sync try again.
            return new Delivery(copy.recipient(), copy.envelope().messageId(), bits, Delivery.Outcome.QUEUED,
                    pacing.holding());
        } finally {
            submitNanos.add(System.nanoTime() - started);
        }
    }
}
