package org.mailv2.client.tui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.keyring.Contact;
import org.mailv2.client.core.keyring.ContactPinning;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.KeyringStore;
import org.mailv2.client.core.keyring.Memberships;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.lists.ListDirectory;
import org.mailv2.client.core.lists.ListService;
import org.mailv2.client.core.paths.ClientPaths;
import org.mailv2.client.core.permits.ContactPermits;
import org.mailv2.client.core.read.MailboxReader;
import org.mailv2.client.core.send.Delivery;
import org.mailv2.client.core.send.Draft;
import org.mailv2.client.core.send.Sender;
import org.mailv2.client.core.vault.VaultFile;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.NewMailEvent;
import org.mailv2.protocol.api.NewMailListener;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.protocol.pow.SolveProgress;
import org.mailv2.protocol.pow.StampHeader;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.seal.AttachmentSink;
import org.mailv2.protocol.seal.OpenedMessage;

/**
 * What the terminal UI does with mail, in terms of the client core: one signed-in account, its keyring (kept open for
 * the session so changes can be saved), its summary cache and its connections. Methods that touch the network or
 * solve stamps block: the UI calls them from {@link Jobs} only. Keyring changes are serialised and saved at once.
 */
public final class MailSession implements AutoCloseable {
    /** The boxes every account has, whether or not they hold mail yet. */
    public static final List<String> STANDARD_BOXES = List.of("inbox", "sent", "archive", "trash");

    /** How a copy for one recipient would travel. */
    public enum Cost { FREE, PERMIT, STAMP, BLOCKED }

    /** One line of the review screen. */
    public record Plan(Address recipient, Cost cost, int bits, double seconds, String note) {
    }

    private final ClientPaths paths;
    private final KeyringStore store;
    private char[] passphrase;
    private final Clock clock;
    private final SecureRandom random;
    private final StampSolver solver;
    private final SummaryCache cache;
    private final Sender sender;
    private final MailboxReader reader;
    private final ListService lists;
    private final Drafts drafts;
    private volatile Keyring keyring;
    private Connection connection;
    private volatile double triesPerSecond;
    /**
     * Syncs and changes to messages take turns: a sync that listed a message before it was moved must not write it
     * back into its old box after the move.
     */
    private final Object mailbox = new Object();
    private final java.util.concurrent.ConcurrentLinkedQueue<String> notices =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Takes over {@code passphrase} (wiped on {@link #close()}). */
    public MailSession(ClientPaths paths, KeyringStore store, Keyring keyring, char[] passphrase, Clock clock,
                       SecureRandom random, StampSolver solver) throws IOException {
        this.paths = paths;
        this.store = store;
        this.passphrase = passphrase;
        this.clock = clock;
        this.random = random;
        this.solver = solver;
        if (keyring.cacheKey() == null) {
            keyring = keyring.withCacheKey(random);
            store.save(keyring, passphrase);
        }
        this.keyring = keyring;
        this.cache = new SummaryCache(paths.cacheDb(), keyring.cacheKeyBytes(), random);
        this.sender = new Sender(clock, random, solver, paths.outbox());
        this.reader = new MailboxReader(paths.cacheDir());
        this.lists = new ListService(clock, random, sender);
        this.drafts = new Drafts(paths.dataDir().resolve("drafts"), keyring.cacheKeyBytes(), random);
    }

    /**
     * The account's connections, made on first use: building the HTTPS client loads a good deal of code, and the
     * first frame should not wait for it (the UI calls this from background jobs only).
     */
    private synchronized Connection connection() {
        if (connection == null) {
            connection = Connection.open(keyring.currentAccount(), clock);
        }
        return connection;
    }

    public Keyring keyring() {
        return keyring;
    }

    public OwnAccount me() {
        return keyring.currentAccount();
    }

    public Sha256 account() {
        return me().parsedAddress().hash();
    }

    public SummaryCache cache() {
        return cache;
    }

    public Drafts drafts() {
        return drafts;
    }

    public ClientPaths paths() {
        return paths;
    }

    /** A change to the keyring that may talk to servers. */
    @FunctionalInterface
    public interface KeyringChange {
        Keyring apply(Keyring keyring) throws IOException;
    }

    /** Applies a change to the newest keyring and saves it before returning, one change at a time. */
    public synchronized Keyring update(KeyringChange change) throws IOException {
        Keyring changed = change.apply(keyring);
        store.save(changed, passphrase);
        keyring = changed;
        return changed;
    }

    /** Makes another account of the keyring the one in use (saved, so the CLI follows). */
    public synchronized void switchTo(Address account) throws IOException {
        update(k -> k.withCurrent(account));
        connection = null;
    }

    /** The boxes to show: the standard ones first, then any other the cache knows. */
    public List<String> boxes() {
        Set<String> names = new LinkedHashSet<>(STANDARD_BOXES);
        names.addAll(cache.boxes(account()));
        names.remove("list-requests");
        return new ArrayList<>(names);
    }

    /**
     * Fetches a box's new mail into the cache; for the inbox, a list owner's pending subscription requests are
     * handled too (so a list runs while its owner's client does).
     *
     * @return how many messages arrived
     */
    public int sync(String box) throws IOException {
        synchronized (mailbox) {
            return syncLocked(box);
        }
    }

    private int syncLocked(String box) throws IOException {
        // Copies waiting in the local outbox (a rate limit, a server that was down) go first.
        Sender.Flushed flushed = sender.flush(connection());
        if (!flushed.deliveries().isEmpty() || !flushed.quarantined().isEmpty()) {
            notices.add("outbox: " + flushed.with(Delivery.Outcome.DELIVERED).size() + " of "
                    + flushed.deliveries().size() + " waiting copies sent, "
                    + flushed.with(Delivery.Outcome.REFUSED).size() + " refused, " + flushed.quarantined().size()
                    + " torn (quarantined)");
        }
        // Permits contacts gave (carried in their messages) are stored as they arrive, and the own postmaster's
        // notices of refused permits are answered by sending the copy again with a stamp.
        Keyring before = keyring;
        ContactPermits.Synced synced = new ContactPermits(clock, sender, reader).sync(connection(), before, cache,
                box);
        if (synced.keyring() != before) {
            update(k -> k.withContactsFrom(synced.keyring()));
        }
        if (synced.unreachable() != null) {
            throw new IOException(synced.unreachable());
        }
        if (box.equals("inbox") && !keyring.ownedLists().isEmpty()) {
            updateIfChanged(k -> lists.processAll(k, cache).keyring());
            // A post this client was fanning out when it stopped goes on to the subscribers still waiting for it.
            var resumed = lists.resumePosts(keyring, status -> { });
            if (!resumed.posts().isEmpty()) {
                update(k -> k.withContactsFrom(resumed.keyring()));
                for (var post : resumed.posts()) {
                    notices.add(post.problem() == null
                            ? "finished the interrupted post \"" + post.subject() + "\" to " + post.list() + ": "
                            + post.deliveries().size() + " more sent"
                            : "the interrupted post \"" + post.subject() + "\" is kept: " + post.problem());
                }
            }
        }
        return synced.added();
    }

    /** What background work had to say (finished posts, posts kept), oldest first; each is returned once. */
    public List<String> takeNotices() {
        List<String> taken = new ArrayList<>();
        for (String n; (n = notices.poll()) != null; ) {
            taken.add(n);
        }
        return taken;
    }

    /** As {@link #update}, but a change that returns the keyring it was given saves nothing (no vault write). */
    private synchronized void updateIfChanged(KeyringChange change) throws IOException {
        Keyring changed = change.apply(keyring);
        if (changed != keyring) {
            store.save(changed, passphrase);
            keyring = changed;
        }
    }

    /** Opens a message (verified, body checked) and marks it read; attachments go to {@code attachments}. */
    public OpenedMessage open(String messageId, AttachmentSink attachments) throws IOException {
        OpenedMessage opened = reader.read(connection(), UUID.fromString(messageId), attachments);
        pinSender(opened.from());
        SummaryCache.Entry cached = cache.get(account(), messageId);
        if (cached != null && !cached.flags().contains("seen")) {
            Set<String> flags = new LinkedHashSet<>(cached.flags());
            flags.add("seen");
            setFlags(messageId, flags);
        }
        return opened;
    }

    /**
     * Keys are pinned on first contact in either direction: reading a verified message pins its sender, and a sender
     * whose record no longer matches the pinned keys (without a signed rotation) is marked KEY_CHANGED.
     */
    private void pinSender(Address from) throws IOException {
        AddressRecord record = connection().resolver().address(from.hash()).orElse(null);
        if (record != null) {
            // Most reads pin nothing new, and a vault write costs an Argon2id run.
            updateIfChanged(k -> new ContactPinning(clock).observe(k, from, record));
        }
    }

    /** Saves a message's attachments into {@code folder}, each under its own (sanitised) name. */
    public List<Path> saveAttachments(String messageId, Path folder) throws IOException {
        Files.createDirectories(folder);
        List<Path> saved = new ArrayList<>();
        reader.read(connection(), UUID.fromString(messageId), (index, name, type) -> {
            Path target = folder.resolve(safeName(name, index));
            saved.add(target);
            return Files.newOutputStream(target);
        });
        return saved;
    }

    static String safeName(String name, int index) {
        String base = name == null ? "" : Path.of(name.replace('\\', '/')).getFileName() == null ? ""
                : name.replace('\\', '/').replaceAll(".*/", "");
        base = base.replaceAll("[\\p{Cntrl}]", "").strip();
        if (base.isEmpty() || base.equals(".") || base.equals("..")) {
            base = "attachment-" + (index + 1);
        }
        return base;
    }

    public void setFlags(String messageId, Set<String> flags) throws IOException {
        synchronized (mailbox) {
            connection().server().setFlags(UUID.fromString(messageId), List.copyOf(flags));
            SummaryCache.Entry e = cache.get(account(), messageId);
            cache.relabel(account(), messageId, e != null ? e.box() : "inbox", flags);
        }
    }

    public void move(String messageId, String box) throws IOException {
        synchronized (mailbox) {
            connection().server().move(UUID.fromString(messageId), box);
            SummaryCache.Entry e = cache.get(account(), messageId);
            cache.relabel(account(), messageId, box, e != null ? e.flags() : Set.of());
        }
    }

    /** Moves to the trash; a message already there is deleted for good. */
    public void delete(String messageId) throws IOException {
        synchronized (mailbox) {
            SummaryCache.Entry e = cache.get(account(), messageId);
            if (e != null && e.box().equals("trash")) {
                connection().server().delete(UUID.fromString(messageId));
                cache.remove(account(), messageId);
            } else {
                move(messageId, "trash");
            }
        }
    }

    /**
     * What sending {@code draft} would cost, per recipient: free (a permit the recipient gave), a stamp of so many
     * bits with the seconds it should take on this machine, or blocked (no keys, or keys that changed).
     */
    public List<Plan> plan(Draft draft, Map<Address, PermitId> permits) throws IOException {
        int ownBits;
        try {
            ownBits = connection().server().info().powMessageBits();
        } catch (IOException unreachable) {
            ownBits = Sender.DEFAULT_MESSAGE_BITS;
        }
        double rate = triesPerSecond();
        Keyring pinned = keyring;
        List<Plan> plans = new ArrayList<>();
        for (Address recipient : draft.everyone()) {
            if (recipient.equals(me().parsedAddress())) {
                plans.add(new Plan(recipient, Cost.FREE, 0, 0, "your own copy"));
                continue;
            }
            AddressRecord record = connection().resolver().address(recipient.hash()).orElse(null);
            if (record == null) {
                plans.add(new Plan(recipient, Cost.BLOCKED, 0, 0, "has not published keys"));
                continue;
            }
            try {
                record.verifySelf();
                Memberships.require(connection().resolver(), recipient, record);
                pinned = new ContactPinning(clock).observe(pinned, recipient, record);
                ContactPinning.requireUsable(pinned, recipient);
            } catch (ProtocolException e) {
                plans.add(new Plan(recipient, Cost.BLOCKED, 0, 0, e.code() == ErrorCode.KEY_CHANGE_UNSIGNED
                        ? "KEY CHANGED: accept or reject it in the keyring pane first" : e.getMessage()));
                continue;
            }
            if (permits.containsKey(recipient)) {
                plans.add(new Plan(recipient, Cost.PERMIT, 0, 0, "permit " + permits.get(recipient).text()));
                continue;
            }
            var given = keyring.receivedPermit(me().parsedAddress(), recipient);
            if (given.isPresent()) {
                plans.add(new Plan(recipient, Cost.PERMIT, 0, 0, "permit " + given.get().text()));
                continue;
            }
            int bits = record.routingId().matches(me().routingId()) ? ownBits : Sender.DEFAULT_MESSAGE_BITS;
            plans.add(new Plan(recipient, Cost.STAMP, bits, Math.pow(2, bits) / rate, "first contact"));
        }
        return plans;
    }

    /** This machine's stamp speed, measured once by solving a small stamp. */
    public double triesPerSecond() {
        if (triesPerSecond == 0) {
            long start = System.nanoTime();
            int bits = 18;
            StampHeader probe = new StampHeader(bits, java.time.LocalDate.now(clock), Sha256.hash("probe"),
                    Sha256.hash("probe"), Sha256.hash("probe"));
            double[] reported = {0};
            solver.solve(probe, random.nextLong() >>> 1, p -> reported[0] = p.triesPerSecond());
            double elapsed = Math.max(1e-6, (System.nanoTime() - start) / 1e9);
            triesPerSecond = reported[0] > 0 ? reported[0] : Math.pow(2, bits) / elapsed;
        }
        return triesPerSecond;
    }

    /** Sends; newly pinned contacts are kept. */
    public Sender.Result send(Draft draft, Map<Address, PermitId> permits, String listId, Consumer<String> status,
                              Consumer<SolveProgress> progress) throws IOException {
        Sender.Result result = sender.send(connection(), keyring, draft, permits, listId, status, progress);
        update(k -> k.withContactsFrom(result.keyring()));
        return result;
    }

    /** The permits of a list's subscribers, for a post by its owner (each copy then needs no stamp). */
    public Map<Address, PermitId> listPermits(Address list) {
        Map<Address, PermitId> permits = new java.util.LinkedHashMap<>();
        keyring.ownedList(list).ifPresent(owned -> owned.subscribers().forEach(s ->
                permits.put(Address.parse(s.address()), s.permit())));
        return permits;
    }

    /** Posts to a list this keyring runs, one copy per subscriber with its permit. */
    public Sender.Result post(Address list, String subject, String text, Consumer<String> status)
            throws IOException {
        return lists.post(keyring, list, subject, text, status);
    }

    public ListDirectory.Listing browse(String where) throws IOException {
        return new ListDirectory(connection().resolver()).browse(where);
    }

    public void subscribe(Address list, String invitation) throws IOException {
        update(k -> lists.subscribe(k, list, invitation));
    }

    public void unsubscribe(Address list) throws IOException {
        update(k -> lists.unsubscribe(k, list));
    }

    /** Trusts the keys a contact's record shows now (the user checked them with the contact). */
    public Contact acceptKey(Address who) throws IOException {
        Keyring changed = update(k -> new ContactPinning(clock).accept(k, who, connection().resolver()));
        return changed.contact(who).orElseThrow();
    }

    /** Writes an encrypted export of the vault under its own passphrase (wiped here). */
    public void export(Path target, char[] exportPassphrase) throws IOException {
        try {
            new VaultFile().exportTo(paths.vault(), passphrase, target, exportPassphrase);
        } finally {
            Arrays.fill(exportPassphrase, '\0');
        }
    }

    /** Changes the vault's passphrase (the new one is wiped here). */
    public synchronized void changePassphrase(char[] fresh) throws IOException {
        try {
            new VaultFile().changePassphrase(paths.vault(), passphrase, fresh);
            char[] old = passphrase;
            passphrase = fresh.clone();
            Arrays.fill(old, '\0');
        } finally {
            Arrays.fill(fresh, '\0');
        }
    }

    /**
     * Follows the server's new-mail stream from the cached cursor; {@code onMail} runs on the stream's thread,
     * {@code onEnded} when the stream fails (null when closed by us).
     */
    public AutoCloseable watch(Consumer<NewMailEvent> onMail, Consumer<Exception> onEnded) {
        long after = cache.cursor(account(), "inbox");
        return connection().server().events(after, new NewMailListener() {
            @Override
            public void onNewMail(NewMailEvent event) {
                onMail.accept(event);
            }

            @Override
            public void onClosed(Exception failure) {
                onEnded.accept(failure);
            }
        });
    }

    @Override
    public void close() {
        Arrays.fill(passphrase, '\0');
        cache.close();
    }
}
