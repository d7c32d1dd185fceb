package org.mailv2.client.core.send;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.mailv2.client.core.parallel.BoundedParallel;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.account.TransferProgress;
import org.mailv2.client.core.keyring.ContactPermit;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.send.CopyWriter.Target;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.protocol.pow.SolveProgress;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.seal.DeliveryStatus;
import org.mailv2.protocol.seal.InnerMessage;

/**
 * Sends a draft: resolves and pins every recipient (To, Cc, Bcc), seals one copy each plus a Sent copy to oneself,
 * pays a stamp for each recipient that gave no permit, and hands every copy to the own server. Bodies are sealed to
 * files in the outbox folder and streamed from there, so attachments of any size use constant memory.
 */
public final class Sender {
    /** What the protocol asks of a first message when the recipient's server has not said otherwise (DESIGN §6). */
    public static final int DEFAULT_MESSAGE_BITS = 24;
    /**
     * How many copies of a list post go out at a time: enough to keep both cores sealing while other copies wait for
     * fsync and the own server (BENCHMARKS.md, issue 14), few enough not to crowd a server's request threads.
     */
    static final int LIST_COPY_THREADS = 6;

    /** Which permits a send uses and hands out. */
    public enum Exemptions {
        /**
         * Personal mail: a permit the recipient gave replaces the stamp, and each recipient is given a contact permit
         * (once per contact) so it can answer without proof of work.
         */
        CONTACTS,
        /** Only the permits passed in (list posts and list requests): nothing issued, nothing else used. */
        GIVEN_ONLY
    }

    /**
     * Where a send's time went: resolving and pinning recipients (and issuing contact permits), sealing the copies
     * to files, solving stamps, and handing the copies to the own server (which stores or queues each durably before
     * it answers). The copy phases of a list post, whose copies go out several at a time, are summed over its threads.
     */
    public record Timings(long resolveNanos, long sealNanos, long stampNanos, long submitNanos) {
        public static final Timings NONE = new Timings(0, 0, 0, 0);
    }

    /**
     * The result: the keyring with newly pinned contacts and permit changes, one delivery per recipient, and where
     * the time went.
     */
    public record Result(Keyring keyring, List<Delivery> deliveries, Timings timings) {
        public Result(Keyring keyring, List<Delivery> deliveries) {
            this(keyring, deliveries, Timings.NONE);
        }
    }

    /**
     * What one flush of the local outbox did: one delivery per waiting copy (delivered, still queued with why, or
     * refused for good and dropped), and the names of torn copies moved to {@code .quarantine/}.
     */
    public record Flushed(List<Delivery> deliveries, List<String> quarantined) {
        public Flushed {
            deliveries = List.copyOf(deliveries);
            quarantined = List.copyOf(quarantined);
        }

        public List<Delivery> with(Delivery.Outcome outcome) {
            return deliveries.stream().filter(d -> d.outcome() == outcome).toList();
        }
    }

    private final Clock clock;
    private final SecureRandom random;
    private final StampSolver solver;
    private final Outbox outbox;
    private final Duration maxWait;
    private final Pacing.Pause pause;
    private final TransferProgress uploads;

    /** A sender that waits out the own server's rate limit for up to {@link Pacing#DEFAULT_WAIT} per send. */
    public Sender(Clock clock, SecureRandom random, StampSolver solver, Path outbox) {
        this(clock, random, solver, outbox, Pacing.DEFAULT_WAIT, Pacing.Pause.SLEEP);
    }

    /**
     * @param maxWait how long one send (or flush) may wait in total for the own server's rate limit
     *     ({@code Retry-After}) before it leaves its remaining copies queued; zero never waits
     * @param pause how to wait (tests pass one that does not sleep)
     */
    public Sender(Clock clock, SecureRandom random, StampSolver solver, Path outbox, Duration maxWait,
                  Pacing.Pause pause) {
        this.clock = clock;
        this.random = random;
        this.solver = solver;
        this.outbox = new Outbox(outbox, clock);
        this.maxWait = maxWait;
        this.pause = pause;
        this.uploads = TransferProgress.NONE;
    }

    private Sender(Sender base, TransferProgress uploads) {
        this.clock = base.clock;
        this.random = base.random;
        this.solver = base.solver;
        this.outbox = base.outbox;
        this.maxWait = base.maxWait;
        this.pause = base.pause;
        this.uploads = uploads;
    }

    /** This sender, reporting how far each copy's upload got (a command's progress line). */
    public Sender reportingUploads(TransferProgress progress) {
        return new Sender(this, progress);
    }

    /**
     * Hands the own server the copies that wait in the local outbox, at the pace it allows; a copy past its stamp's
     * day window goes with a fresh stamp. Copies refused for good are dropped and reported; the rest stay.
     *
     * @throws IOException when the outbox folder cannot be read
     */
    public Flushed flush(Connection connection) throws IOException {
        Outbox.Waiting waiting = outbox.waiting(connection.account().address());
        return writer(connection).flush(waiting);
    }

    private CopyWriter writer(Connection connection) {
        return new CopyWriter(connection, outbox, solver, random, clock, new Pacing(maxWait, pause), uploads);
    }

    /**
     * The local outbox's folder. What else has yet to go out is kept beside the waiting copies, in folders whose names
     * start with a dot (the outbox passes over those).
     */
    public Path outboxFolder() {
        return outbox.folder();
    }

    /**
     * Sends personal mail (contact permits used and issued, see {@link Exemptions#CONTACTS}).
     *
     * @throws ProtocolException {@code unknown_recipient} for an address without keys, {@code key_change_unsigned}
     *     for a contact whose keys changed, and the server's refusals as {@link ApiException}
     * @throws IOException when a server cannot be reached
     */
    public Result send(Connection connection, Keyring keyring, Draft draft, Consumer<String> status,
                       Consumer<SolveProgress> progress) throws IOException {
        return send(connection, keyring, draft, Map.of(), null, status, progress);
    }

    /**
     * Sends with permits: a recipient in {@code permits} gets its copy with that permit and no stamp. {@code listId}
     * marks list mail (the List-Id header, and {@link Exemptions#GIVEN_ONLY}), or is null (personal mail,
     * {@link Exemptions#CONTACTS}).
     */
    public Result send(Connection connection, Keyring keyring, Draft draft, Map<Address, PermitId> permits,
                       String listId, Consumer<String> status, Consumer<SolveProgress> progress) throws IOException {
        return send(connection, keyring, draft, permits, listId,
                listId == null ? Exemptions.CONTACTS : Exemptions.GIVEN_ONLY, status, progress);
    }

    /** As {@link #send(Connection, Keyring, Draft, Map, String, Consumer, Consumer)}, choosing the exemptions. */
    public Result send(Connection connection, Keyring keyring, Draft draft, Map<Address, PermitId> permits,
                       String listId, Exemptions exemptions, Consumer<String> status,
                       Consumer<SolveProgress> progress) throws IOException {
        return send(connection, keyring, draft, permits, listId, exemptions, new Fanout(MessageIdentity.fresh(
                connection.account().parsedAddress(), clock), true, d -> { }), status, progress);
    }

    /**
     * As {@link #send(Connection, Keyring, Draft, Map, String, Exemptions, Consumer, Consumer)}, as the message and
     * with the reports {@code fanout} asks for: a list post sends its subscribers in several goes when it is
     * interrupted, each go to those not yet done, all as one message.
     */
    public Result send(Connection connection, Keyring keyring, Draft draft, Map<Address, PermitId> permits,
                       String listId, Exemptions exemptions, Fanout fanout, Consumer<String> status,
                       Consumer<SolveProgress> progress) throws IOException {
        OwnAccount me = connection.account();
        if (draft.everyone().isEmpty()) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a message needs at least one recipient");
        }
        long started = System.nanoTime();
        Resolved resolved = resolve(connection, keyring, draft, listId);
        ContactExemptions permitsOfThisSend = new ContactExemptions(connection, resolved.keyring(), permits,
                exemptions, clock, random);
        permitsOfThisSend.issueFor(resolved.targets().stream().map(Target::address).toList(), status);
        long resolveNanos = System.nanoTime() - started;
        InnerMessage message = new InnerMessage(me.parsedAddress(), me.displayName(), draft.to(), draft.cc(),
                draft.bcc(), draft.subject(), fanout.identity().date(), fanout.identity().messageId(),
                draft.inReplyTo(), draft.references(), listId, draft.text(), draft.attachments(), draft.html());
        CopyWriter copies = writer(connection);
        Target self = new Target(me.parsedAddress(), me.encryptionIdentity().recipient(), 0, false);
        // A personal message's Sent copy is sealed first and held back in the outbox; it is made to wait like any
        // copy the moment the first recipient's copy is committed, before that one goes out. So a send killed
        // half-way leaves either nothing at all or a Sent copy the next flush saves — never a delivered message the
        // sender has no copy of, nor a Sent copy of a message that never went. A list post's comes last, as before:
        // its journal records it, and an interrupted post is finished by resuming it, which would seal a second one.
        CopyWriter.Stored heldBack = fanout.sentCopy() && listId == null
                ? copies.storeHeldBack(message, self, progress) : null;
        CopyWriter.Stored[] revealed = new CopyWriter.Stored[1];
        if (heldBack != null) {
            copies.afterNextCommit(() -> revealed[0] = copies.reveal(heldBack));
        }
        // A list's copies go out several at a time (sealing on every core while other copies wait for the disk or
        // the server); personal mail goes one copy at a time, as its held-back Sent copy and stamps expect.
        Consumer<String> told = status;
        Object settling = new Object();
        List<Delivery> deliveries = BoundedParallel.map(resolved.targets(), copyThreads(listId), t -> {
            Delivery delivery = deliver(copies, message, t, permitsOfThisSend, s -> {
                synchronized (settling) {
                    told.accept(s);
                }
            }, progress);
            synchronized (settling) {
                fanout.settled().accept(delivery);
            }
            return delivery;
        });
        if (heldBack != null) {
            status.accept("saving the Sent copy");
            fanout.settled().accept(copies.submit(revealed[0] != null ? revealed[0] : copies.reveal(heldBack)));
        } else if (fanout.sentCopy()) {
            status.accept("saving the Sent copy");
            // A list post's Sent copy names the list only: the subscriber set is in the vault, and thousands of Bcc
            // addresses would not fit a summary.
            fanout.settled().accept(copies.write(message.withoutBcc(), self, null, null, false, progress));
        }
        return new Result(permitsOfThisSend.keyring(), deliveries, copies.timings(resolveNanos));
    }

    private record Resolved(Keyring keyring, List<Target> targets) {
    }

    /** How many copies of one send go out at a time (see {@link BoundedParallel}). */
    static int copyThreads(String listId) {
        return listId == null ? 1 : LIST_COPY_THREADS;
    }

    private Resolved resolve(Connection connection, Keyring keyring, Draft draft, String listId) throws IOException {
        OwnAccount me = connection.account();
        Keyring pinned = keyring;
        int ownBits = ownServerBits(connection);
        List<Address> others = draft.everyone().stream().filter(a -> !a.equals(me.parsedAddress())).toList();
        // The resolver's answers are fetched several at a time; checking them and pinning stays one by one, in order.
        RecipientKeys.Lookup records = RecipientKeys.Lookup.prefetched(connection, others, copyThreads(listId));
        List<Target> targets = new ArrayList<>();
        for (Address recipient : draft.everyone()) {
            if (recipient.equals(me.parsedAddress())) {
                continue; // the Sent copy is the sender's own
            }
            RecipientKeys.Found found = RecipientKeys.resolve(connection, pinned, recipient, ownBits, clock,
                    records);
            pinned = found.pinned();
            targets.add(found.target());
        }
        return new Resolved(pinned, targets);
    }

    /**
     * What sending {@code draft} would cost, per recipient, by the same steps and fallbacks as {@link #send}: see
     * {@link SendPlan}. Nothing is sent or saved.
     */
    public List<SendPlan.Line> plan(Connection connection, Keyring keyring, Draft draft,
                                    Map<Address, PermitId> permits, double triesPerSecond) {
        return SendPlan.of(connection, keyring, draft, permits, triesPerSecond, clock);
    }

    /** One recipient's copy; a permit the contact gave that its server refuses at once is replaced by a stamp. */
    private static Delivery deliver(CopyWriter copies, InnerMessage message, Target t, ContactExemptions permits,
                                    Consumer<String> status, Consumer<SolveProgress> progress) throws IOException {
        PermitId permit = permits.use(t.address());
        boolean received = permits.usesReceived(t.address());
        status.accept("sealing for " + t.address().display() + (permit != null ? " (permit)"
                : " (" + t.bits() + "-bit stamp)"));
        try {
            return copies.write(message, t, permit, permits.carry(t.address()), received && t.relayed(), progress);
        } catch (ApiException refused) {
            if (received && ContactExemptions.isPermitRefusal(refused.code())) {
                permits.refused(t.address());
                status.accept(t.address().display() + " no longer takes our permit (" + refused.code().wire()
                        + "); sealing again with a " + t.bits() + "-bit stamp");
                try {
                    return copies.write(message, t, null, permits.carry(t.address()), false, progress);
                } catch (ApiException again) {
                    refused = again;
                    permit = null;
                }
            }
            // One recipient's refusal (say, a revoked permit) does not stop the others' copies.
            return new Delivery(t.address(), null, permit != null ? 0 : t.bits(), Delivery.Outcome.REFUSED,
                    refused.code().wire());
        }
    }

    /**
     * Acts on a delivery-status message from the own server's postmaster. When it says that a relayed copy which
     * used a permit the contact gave was refused ({@code permit_revoked}, {@code permit_mismatch}), that permit is
     * marked refused and the same sealed copy goes again under a new envelope with a stamp; the user reads the
     * notice either way. Statuses about copies not held here change nothing.
     *
     * @return the keyring and the one new delivery (none when nothing was sent again)
     * @throws IOException when the held copy cannot be read
     */
    public Result answer(Connection connection, Keyring keyring, DeliveryStatus notice,
                         Consumer<SolveProgress> progress) throws IOException {
        OwnAccount me = connection.account();
        var found = outbox.held().find(me.address(), notice.envelopeId());
        if (found.isEmpty()) {
            return new Result(keyring, List.of());
        }
        HeldCopies.Held held = found.get();
        if (!ContactExemptions.isPermitRefusal(notice.code())) {
            outbox.held().release(held);
            return new Result(keyring, List.of());
        }
        Keyring changed = keyring;
        var received = keyring.contactPermit(me.parsedAddress(), held.recipient(), ContactPermit.Direction.RECEIVED);
        if (received.isPresent() && received.get().permit().equals(held.envelope().permitId())) {
            changed = keyring.withContactPermit(received.get().revoked(clock.instant()));
        }
        CopyWriter copies = writer(connection);
        Delivery delivery;
        try {
            delivery = copies.restamp(held, DEFAULT_MESSAGE_BITS, progress);
        } catch (ApiException refused) {
            delivery = new Delivery(held.recipient(), null, DEFAULT_MESSAGE_BITS, Delivery.Outcome.REFUSED,
                    refused.code().wire());
        }
        return new Result(changed, List.of(delivery), copies.timings(0));
    }

    /** The own server's stamp bits, or the protocol default when it cannot be reached now (the copy waits). */
    static int ownServerBits(Connection connection) {
        try {
            return connection.server().info().powMessageBits();
        } catch (IOException unreachable) {
            return DEFAULT_MESSAGE_BITS;
        }
    }
}
