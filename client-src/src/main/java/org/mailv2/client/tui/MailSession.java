package org.mailv2.client.tui;

import org.mailv2.client.core.text.Plural;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.keyring.Contact;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.lists.ListDirectory;
import org.mailv2.client.core.paths.ClientPaths;
import org.mailv2.client.core.read.MailboxReader;
import org.mailv2.client.core.session.ClientSession;
import org.mailv2.client.core.session.SyncReport;
import org.mailv2.client.core.send.Delivery;
import org.mailv2.client.core.send.Draft;
import org.mailv2.client.core.send.SendPlan;
import org.mailv2.client.core.send.Sender;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.protocol.pow.SolveProgress;
import org.mailv2.protocol.pow.StampHeader;
import org.mailv2.protocol.seal.AttachmentSink;
import org.mailv2.protocol.seal.OpenedMessage;

/**
 * What the terminal UI does with mail: the shared client layer ({@link ClientSession}) plus what only a screen needs —
 * drafts, notices for the status bar, and the review of a send's cost. Methods that touch the network or solve stamps
 * block: the UI calls them from {@link Jobs} only.
 */
public final class MailSession implements AutoCloseable {
    /** The boxes every account has, whether or not they hold mail yet. */
    public static final List<String> STANDARD_BOXES = ClientSession.STANDARD_BOXES;

    private final ClientSession core;
    private final Drafts drafts;
    private volatile double triesPerSecond;
    private final java.util.concurrent.ConcurrentLinkedQueue<String> notices =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** A screen's session over the shared one (which it closes). */
    public MailSession(ClientSession core) throws IOException {
        this.core = core;
        core.cache(); // makes the cache key, which drafts are sealed under too
        this.drafts = new Drafts(core.paths().dataDir().resolve("drafts"), core.keyring().cacheKeyBytes(),
                core.random());
    }

    /** The shared client layer. */
    public ClientSession core() {
        return core;
    }

    private Connection connection() {
        return core.connection();
    }

    public Keyring keyring() {
        return core.keyring();
    }

    public OwnAccount me() {
        return core.me();
    }

    public Sha256 account() {
        return core.account();
    }

    public SummaryCache cache() {
        try {
            return core.cache();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public Drafts drafts() {
        return drafts;
    }

    public ClientPaths paths() {
        return core.paths();
    }

    /** Makes another account of the keyring the one in use (saved, so the CLI follows). */
    public void switchTo(Address account) throws IOException {
        core.switchTo(account);
    }

    /** The boxes to show: the standard ones first, then any other the cache knows. */
    public List<String> boxes() {
        try {
            return core.boxes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The client's sync round for a box (see {@link ClientSession#sync}); what it finished or kept goes to the
     * notices.
     *
     * @return how many messages arrived
     */
    public int sync(String box) throws IOException {
        SyncReport report = core.sync(box);
        Sender.Flushed flushed = report.outbox();
        if (!flushed.deliveries().isEmpty() || !flushed.quarantined().isEmpty()) {
            notices.add("outbox: " + flushed.with(Delivery.Outcome.DELIVERED).size() + " of "
                    + flushed.deliveries().size() + " waiting copies sent, "
                    + flushed.with(Delivery.Outcome.REFUSED).size() + " refused, " + flushed.quarantined().size()
                    + " torn (quarantined)");
        }
        for (var post : report.resumedPosts()) {
            notices.add(post.problem() == null
                    ? "finished the interrupted post \"" + post.subject() + "\" to " + post.list() + ": "
                    + post.deliveries().size() + " more sent"
                    : "the interrupted post \"" + post.subject() + "\" is kept: " + post.problem());
        }
        if (report.keyChanged() > 0) {
            notices.add(Plural.of(report.keyChanged(), "message") + " signed with a changed key: see the keyring pane");
        }
        if (report.unreachable() != null) {
            throw new IOException(report.unreachable());
        }
        return report.added();
    }

    /** What background work had to say (finished posts, posts kept), oldest first; each is returned once. */
    public List<String> takeNotices() {
        List<String> taken = new ArrayList<>();
        for (String n; (n = notices.poll()) != null; ) {
            taken.add(n);
        }
        return taken;
    }

    /** Opens a message (sender checked against the pinned key, body checked) and marks it read. */
    public OpenedMessage open(String messageId, AttachmentSink attachments) throws IOException {
        return core.open(messageId, attachments).message();
    }

    /** As above, reporting the body's download (the first time it is opened) to {@code downloads}. */
    public OpenedMessage open(String messageId, AttachmentSink attachments,
                              org.mailv2.client.core.account.TransferProgress downloads) throws IOException {
        return core.open(messageId, attachments, downloads).message();
    }

    /** Opens a message and tells how its sender was checked. */
    public MailboxReader.Read read(String messageId) throws IOException {
        return core.open(messageId, AttachmentSink.DISCARD);
    }

    /** Writes a message as it was sealed to {@code out}, after the checks of {@link #read}. */
    public void raw(String messageId, java.io.OutputStream out) throws IOException {
        core.raw(messageId, out);
    }

    /** Saves a message's attachments into {@code folder}, never over an existing file. */
    public List<Path> saveAttachments(String messageId, Path folder) throws IOException {
        return core.saveAttachments(messageId, folder);
    }

    public void setFlags(String messageId, Set<String> flags) throws IOException {
        core.mailbox().setFlags(messageId, flags);
    }

    public void move(String messageId, String box) throws IOException {
        core.mailbox().move(messageId, box);
    }

    /** Moves to the trash; a message already there is deleted for good. */
    public void delete(String messageId) throws IOException {
        core.mailbox().delete(messageId);
    }

    /** What sending {@code draft} would cost, per recipient (see {@link Sender#plan}). */
    public List<SendPlan.Line> plan(Draft draft, Map<Address, PermitId> permits) {
        return core.sender().plan(connection(), keyring(), draft, permits, triesPerSecond());
    }

    /** This machine's stamp speed, measured once by solving a small stamp. */
    public double triesPerSecond() {
        if (triesPerSecond == 0) {
            long start = System.nanoTime();
            int bits = 18;
            StampHeader probe = new StampHeader(bits, java.time.LocalDate.now(core.clock()), Sha256.hash("probe"),
                    Sha256.hash("probe"), Sha256.hash("probe"));
            double[] reported = {0};
            core.solver().solve(probe, core.random().nextLong() >>> 1, p -> reported[0] = p.triesPerSecond());
            double elapsed = Math.max(1e-6, (System.nanoTime() - start) / 1e9);
            triesPerSecond = reported[0] > 0 ? reported[0] : Math.pow(2, bits) / elapsed;
        }
        return triesPerSecond;
    }

    /** Sends; newly pinned contacts are kept. */
    public Sender.Result send(Draft draft, Map<Address, PermitId> permits, String listId, Consumer<String> status,
                              Consumer<SolveProgress> progress) throws IOException {
        return send(draft, permits, listId, status, progress, org.mailv2.client.core.account.TransferProgress.NONE);
    }

    /** As above, reporting each copy's upload to {@code uploads}. */
    public Sender.Result send(Draft draft, Map<Address, PermitId> permits, String listId, Consumer<String> status,
                              Consumer<SolveProgress> progress, org.mailv2.client.core.account.TransferProgress uploads)
            throws IOException {
        Sender.Result result = core.sender().reportingUploads(uploads).send(connection(), keyring(), draft, permits,
                listId, status, progress);
        core.update(k -> k.withContactsFrom(result.keyring()));
        return result;
    }

    /** The permits of a list's subscribers, for a post by its owner (each copy then needs no stamp). */
    public Map<Address, PermitId> listPermits(Address list) {
        Map<Address, PermitId> permits = new java.util.LinkedHashMap<>();
        keyring().ownedList(list).ifPresent(owned -> owned.subscribers().forEach(s ->
                permits.put(Address.parse(s.address()), s.permit())));
        return permits;
    }

    /** Posts to a list this keyring runs, one copy per subscriber with its permit. */
    public Sender.Result post(Address list, String subject, String text, Consumer<String> status)
            throws IOException {
        Sender.Result result = core.lists().post(keyring(), list, subject, text, status);
        core.update(k -> k.withContactsFrom(result.keyring()));
        return result;
    }

    public ListDirectory.Listing browse(String where) throws IOException {
        return new ListDirectory(connection().resolver()).browse(where);
    }

    public void subscribe(Address list, String invitation) throws IOException {
        core.update(k -> core.lists().subscribe(k, list, invitation));
    }

    public void unsubscribe(Address list) throws IOException {
        core.update(k -> core.lists().unsubscribe(k, list));
    }

    /** Trusts the keys a contact's record shows now (the user checked them), and checks waiting mail again. */
    public Contact acceptKey(Address who) throws IOException {
        return core.acceptKey(who, null).contact();
    }

    /** Writes an encrypted export of the vault under its own passphrase (wiped here). */
    public void export(Path target, char[] exportPassphrase) throws IOException {
        try {
            core.store().export(target, exportPassphrase);
        } finally {
            Arrays.fill(exportPassphrase, '\0');
        }
    }

    /** Changes the vault's passphrase (the new one is wiped here). */
    public void changePassphrase(char[] fresh) throws IOException {
        try {
            core.store().changePassphrase(fresh);
        } finally {
            Arrays.fill(fresh, '\0');
        }
    }

    @Override
    public void close() {
        core.close();
    }
}
