package org.mailv2.client.core.send;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Consumer;
import org.mailv2.client.core.account.Connection;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.EncryptionRecipient;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.protocol.pow.SolveProgress;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.pow.StampHeader;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.protocol.seal.InnerMessage;
import org.mailv2.protocol.seal.MessageSealer;
import org.mailv2.protocol.seal.SealedMessage;
import org.mailv2.protocol.seal.UnsignedEnvelope;

/**
 * Writes the copies of one send (or one re-send) through the outbox: seals each to a file, pays with a permit or a
 * stamp, submits it to the own server, and keeps count of where the time goes.
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
    private long sealNanos;
    private long stampNanos;
    private long submitNanos;

    CopyWriter(Connection connection, Outbox outbox, StampSolver solver, SecureRandom random, Clock clock) {
        this.connection = connection;
        this.outbox = outbox;
        this.solver = solver;
        this.random = random;
        this.clock = clock;
    }

    /**
     * Seals, pays (a permit, a stamp, or nothing for the Sent copy) and submits one copy. {@code carry} goes into
     * the summary; with {@code hold} the copy is kept once accepted (see {@link HeldCopies}).
     *
     * @throws ApiException when the own server refuses the copy at once
     */
    Delivery write(InnerMessage message, Target t, PermitId permit, PermitId carry, boolean hold,
                   Consumer<SolveProgress> progress) throws IOException {
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
            sealNanos += System.nanoTime() - started;
            Stamp stamp = free ? null : stamp(t.bits(), message.from().hash(), t.address().hash(), sealed.envelope(),
                    progress);
            started = System.nanoTime();
            envelope = sealed.envelope().sign(connection.account().signingKey(), stamp, own ? null : permit);
            copy = pending.commit(connection.account().address(), envelope, sealed.summaryCiphertext(),
                    hold ? t.address() : null);
            sealNanos += System.nanoTime() - started;
        }
        return submit(copy, t.address(), envelope.messageId(), free ? 0 : t.bits());
    }

    /** A held copy again, under a new envelope with a stamp instead of the refused permit. */
    Delivery restamp(HeldCopies.Held held, int bits, Consumer<SolveProgress> progress) throws IOException {
        Envelope old = held.envelope();
        var key = connection.account().signingKey();
        UnsignedEnvelope fresh = new UnsignedEnvelope(Envelope.VERSION, UUID.randomUUID(), old.fromHash(),
                old.toHash(), key.keyId(), old.summarySize(), old.summarySha256(), old.bodySize(), old.bodySha256());
        Envelope stamped = fresh.sign(key, stamp(bits, old.fromHash(), old.toHash(), fresh, progress), null);
        return submit(outbox.requeue(held, stamped), held.recipient(), stamped.messageId(), bits);
    }

    Sender.Timings timings(long resolveNanos) {
        return new Sender.Timings(resolveNanos, sealNanos, stampNanos, submitNanos);
    }

    private Stamp stamp(int bits, Sha256 from, Sha256 to, UnsignedEnvelope envelope,
                        Consumer<SolveProgress> progress) {
        long started = System.nanoTime();
        try {
            return solver.solve(new StampHeader(bits, LocalDate.now(clock.withZone(ZoneOffset.UTC)), from, to,
                    envelope.digest()), random.nextLong() >>> 1, progress);
        } finally {
            stampNanos += System.nanoTime() - started;
        }
    }

    private Delivery submit(Path copy, Address recipient, String messageId, int bits) throws IOException {
        long started = System.nanoTime();
        try {
            outbox.submit(connection, copy);
            return new Delivery(recipient, messageId, bits, Delivery.Outcome.DELIVERED);
        } catch (ApiException refused) {
            throw refused;
        } catch (IOException unreachable) {
            // Kept in the outbox: `mailv2 sync` (and every later send) tries again.
            return new Delivery(recipient, messageId, bits, Delivery.Outcome.QUEUED);
        } finally {
            submitNanos += System.nanoTime() - started;
        }
    }
}
