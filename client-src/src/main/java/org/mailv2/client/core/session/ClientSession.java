package org.mailv2.client.core.session;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.cache.Syncer;
import org.mailv2.client.core.export.ExportTarget;
import org.mailv2.client.core.export.MailExport;
import org.mailv2.client.core.keyring.Contact;
import org.mailv2.client.core.keyring.ContactPinning;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.KeyringStore;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.lists.ListPosts;
import org.mailv2.client.core.lists.ListService;
import org.mailv2.client.core.paths.ClientPaths;
import org.mailv2.client.core.permits.ContactPermits;
import org.mailv2.client.core.read.MailboxReader;
import org.mailv2.client.core.send.Forward;
import org.mailv2.client.core.send.Sender;
import org.mailv2.client.core.trust.SenderTrust;
import org.mailv2.client.core.trust.Trust;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.MessageView;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.seal.AttachmentSink;

/**
 * One user's unlocked client: the vault (changed only through {@link #update}, which re-reads, merges and writes
 * under a lock shared by every process), the encrypted summary cache, the current account's connections, and the
 * behaviours both faces use — the sync round, mailbox actions, opening a message (which pins its sender), saving
 * attachments, and the user's decisions on keys. Methods that talk to servers block; the terminal UI calls them off
 * its GUI thread.
 */
public final class ClientSession implements AutoCloseable {
    /** The boxes every account has, whether or not they hold mail yet. */
    public static final List<String> STANDARD_BOXES = List.of("inbox", "sent", "archive", "trash");

    private final ClientPaths paths;
    private final KeyringStore store;
    private final Clock clock;
    private final SecureRandom random;
    private final StampSolver solver;
    private final Sender sender;
    private final MailboxReader reader;
    private final ListService lists;
    private volatile Keyring keyring;
    private SummaryCache cache;
    private Connection connection;
    private final Object connectionLock = new Object();
    /**
     * Syncs and changes to messages take turns: a sync that listed a message before it was moved must not write it
     * back into its old box after the move. Taken before the vault's lock, never after.
     */
    private final Object mailbox = new Object();

    /** A session over an unlocked store; {@code keyring} is what unlocking it returned. The session closes the store. */
    public ClientSession(ClientPaths paths, KeyringStore store, Keyring keyring, Clock clock, SecureRandom random,
                         StampSolver solver) {
        this(paths, store, keyring, clock, random, solver, new Sender(clock, random, solver, paths.outbox()));
    }

    /** As above, with a sender of its own (how long a send may wait out a rate limit, say). */
    public ClientSession(ClientPaths paths, KeyringStore store, Keyring keyring, Clock clock, SecureRandom random,
                         StampSolver solver, Sender sender) {
        this.paths = paths;
        this.store = store;
        this.keyring = keyring;
        this.clock = clock;
        this.random = random;
        this.solver = solver;
        this.sender = sender;
        this.reader = new MailboxReader(paths.cacheDir());
        this.lists = new ListService(clock, random, sender);
    }

    public ClientPaths paths() {
        return paths;
    }

    public Clock clock() {
        return clock;
    }

    public SecureRandom random() {
        return random;
    }

    public StampSolver solver() {
        return solver;
    }

    public Sender sender() {
        return sender;
    }

    public ListService lists() {
        return lists;
    }

    public KeyringStore store() {
        return store;
    }

    /** The keyring as this session last read or wrote it. */
    public Keyring keyring() {
        return keyring;
    }

    /** The keyring as it is on disk now (other processes may have changed it). */
    public Keyring refresh() throws IOException {
        keyring = store.read();
        forgetConnectionIfKeysChanged();
        return keyring;
    }

    public OwnAccount me() {
        return keyring.currentAccount();
    }

    public Sha256 account() {
        return me().parsedAddress().hash();
    }

    /**
     * Applies {@code change} to the vault's newest keyring and saves it before returning (see
     * {@link KeyringStore#update}).
     */
    public Keyring update(KeyringStore.Change change) throws IOException {
        keyring = store.update(change);
        forgetConnectionIfKeysChanged();
        return keyring;
    }

    /**
     * Another process may have rotated or moved the account meanwhile (the vault is newer than this session): the next
     * request then goes from the vault's keys and server, not from the ones the connection was made with.
     */
    private void forgetConnectionIfKeysChanged() {
        synchronized (connectionLock) {
            if (connection == null || keyring.current() == null) {
                return;
            }
            OwnAccount now = keyring.currentAccount();
            OwnAccount used = connection.account();
            if (!now.address().equals(used.address()) || !now.signingSecret().equals(used.signingSecret())
                    || !now.serverUrl().equals(used.serverUrl())) {
                connection = null;
            }
        }
    }

    /** The summary cache, opened on first use under the vault's cache key (made and saved first if missing). */
    public synchronized SummaryCache cache() throws IOException {
        if (cache == null) {
            Keyring keyed = keyring.cacheKey() != null ? keyring : update(k -> k.withCacheKey(random));
            cache = new SummaryCache(paths.cacheDb(), keyed.cacheKeyBytes(), random);
        }
        return cache;
    }

    /**
     * The current account's connections, made on first use: building the HTTPS client loads a good deal of code, and
     * a first frame should not wait for it.
     */
    public Connection connection() {
        // Its own lock, not the session's: a sync round asks for it while it holds the vault's lock, and the session's
        // monitor is held by callers that take the vault's lock (cache(), switchTo).
        synchronized (connectionLock) {
            if (connection == null) {
                connection = Connection.open(keyring.currentAccount(), clock);
            }
            return connection;
        }
    }

    /** Makes another account of the keyring the one in use (saved, so every face follows). */
    public synchronized void switchTo(Address account) throws IOException {
        update(k -> k.withCurrent(account));
        synchronized (connectionLock) {
            connection = null;
        }
    }

    /**
     * Rotates the current account's keys (see {@link org.mailv2.client.core.account.KeyRotation}); this session's
     * requests are signed by the new key from then on.
     */
    public org.mailv2.client.core.account.KeyRotation.Rotated rotateKeys() throws IOException {
        return new org.mailv2.client.core.account.KeyRotation(this::update, connection().resolver(), clock,
                random).rotate(me().parsedAddress());
    }

    /**
     * The current account moved to another server ({@link org.mailv2.client.core.move.AccountMove}): the vault holds
     * it at its new home from now on, connections go there, and its cached summaries are dropped — the new server
     * numbers its messages afresh, so the next sync lists them all from there. Drafts and the local outbox are files of
     * their own and stay as they are; what waits in the outbox goes to the new server.
     */
    public void moved(OwnAccount account) throws IOException {
        synchronized (mailbox) {
            update(k -> k.withAccount(account));
            synchronized (connectionLock) {
                connection = null;
            }
            cache().forget(account.parsedAddress().hash());
        }
    }

    /** A checker of senders against the keyring's pins, for one run. */
    public SenderTrust trust() {
        return new SenderTrust(connection().resolver(), keyring, clock);
    }

    /** The boxes to show: the standard ones first, then any other the cache knows. */
    public List<String> boxes() throws IOException {
        Set<String> names = new LinkedHashSet<>(STANDARD_BOXES);
        names.addAll(cache().boxes(account()));
        names.remove("list-requests");
        return new ArrayList<>(names);
    }

    /**
     * Hands the own servers what waits in the local outbox, for every account of the vault (a list's copies wait under
     * the list's account): copies kept on a passing error (a rate limit, a server down) go now; see
     * {@link Sender#flush}.
     */
    public Sender.Flushed flushOutbox() {
        List<org.mailv2.client.core.send.Delivery> deliveries = new ArrayList<>();
        List<String> quarantined = new ArrayList<>();
        for (OwnAccount account : keyring.accounts()) {
            Connection c = account.address().equals(keyring.current()) ? connection() : Connection.open(account, clock);
            Sender.Flushed flushed;
            try {
                flushed = sender.flush(c);
            } catch (IOException unreadable) {
                quarantined.add(account.address() + ": " + unreadable.getMessage());
                continue;
            }
            deliveries.addAll(flushed.deliveries());
            quarantined.addAll(flushed.quarantined());
        }
        return new Sender.Flushed(deliveries, quarantined);
    }

    /**
     * One sync round of {@code box}, the same for every face: what waits in the outbox goes first; new mail is fetched and each sender checked against the
     * pinned keys (first senders pinned, others' key changes marked); contact permits that arrived are stored; the own
     * postmaster's notices of refused permits are answered by sending again with a stamp; and for the inbox, the
     * {@code screener} box is synced too (mail from another account of this vault, such as local mode's
     * {@code welcome!}, is accepted at once: one's own accounts are no strangers), the subscription requests of every
     * list the user runs are applied and interrupted list posts finished. The vault
     * is re-read, changed and written under its lock, so nothing another process changed meanwhile is lost.
     */
    public SyncReport sync(String box) throws IOException {
        Sender.Flushed outbox = flushOutbox();
        synchronized (mailbox) {
            SummaryCache summaries = cache();
            try {
                org.mailv2.client.core.cache.ChangeLog.begin(connection(), summaries, account());
            } catch (IOException unreachable) {
                // The round below finds the server unreachable too and says so.
            }
            List<ListService.Applied> applied = new ArrayList<>();
            List<ListPosts.ResumedPost> resumed = new ArrayList<>();
            ContactPermits.Synced[] synced = new ContactPermits.Synced[1];
            int[] keyChanged = {0};
            int[] screened = {0};
            Set<Address> ownSenders = new LinkedHashSet<>();
            ListService.Processed[] toFile = new ListService.Processed[1];
            update(current -> {
                SenderTrust trust = new SenderTrust(connection().resolver(), current, clock);
                synced[0] = new ContactPermits(clock, sender, reader).sync(connection(), current, summaries, box,
                        trust, e -> keyChanged[0] += e.trust() == Trust.KEY_CHANGED ? 1 : 0);
                Keyring k = synced[0].keyring();
                if (box.equals("inbox") && synced[0].unreachable() == null) {
                    SenderTrust screening = new SenderTrust(connection().resolver(), k, clock);
                    k = new ContactPermits(clock, sender, reader).sync(connection(), k, summaries,
                            ScreenerActions.BOX, screening, e -> {
                                screened[0]++;
                                keyChanged[0] += e.trust() == Trust.KEY_CHANGED ? 1 : 0;
                                if (e.verified() && current.account(e.summary().sender()).isPresent()) {
                                    ownSenders.add(e.summary().sender());
                                }
                            }).keyring();
                }
                if (box.equals("inbox") && synced[0].unreachable() == null && !k.ownedLists().isEmpty()) {
                    ListService.Processed processed = lists.processAll(k, summaries);
                    applied.addAll(processed.lists());
                    toFile[0] = processed;
                    k = processed.keyring();
                    // After the requests, so that who left since an interrupted post began is skipped.
                    ListPosts.Resumed posts = lists.resumePosts(k, status -> { });
                    resumed.addAll(posts.posts());
                    k = posts.keyring();
                }
                if (synced[0].unreachable() == null) {
                    // What the account's other devices moved, flagged or deleted since the last round.
                    SenderTrust others = new SenderTrust(connection().resolver(), k, clock);
                    try {
                        org.mailv2.client.core.cache.ChangeLog.apply(connection(), summaries, account(), others);
                    } catch (IOException later) {
                        // A rate limit or a dropped connection: the cache keeps its state, the next round goes on.
                    }
                    k = others.applyTo(k);
                }
                return k;
            });
            if (synced[0].unreachable() == null) {
                try {
                    // Pins, permits, subscriptions and keys the account's other devices changed.
                    exchangeSharedState(true);
                } catch (IOException | RuntimeException later) {
                    // The next round tries again; nothing here is lost.
                }
            }
            if (toFile[0] != null) {
                try {
                    lists.file(keyring, toFile[0], summaries);
                } catch (IOException later) {
                    // The requests stay in the list's inbox; the next round applies them again, which changes nothing.
                }
            }
            int admitted = 0;
            for (Address own : ownSenders) {
                admitted += screener().admit(own).messages();
            }
            ContactPermits.Synced s = synced[0];
            return new SyncReport(box, outbox, s.added() + admitted, screened[0] - admitted, keyChanged[0],
                    s.learnt(), s.resent(), s.unanswered(), applied, resumed, s.unreachable());
        }
    }

    /**
     * Opens a message: its sender checked against the pinned key (a first sender is pinned), the body checked against
     * the signed envelope, and the message marked read. Attachments go to {@code attachments}.
     *
     * @throws org.mailv2.protocol.error.ProtocolException {@code key_change_unsigned} when it is signed by a key the
     *     pinned one did not endorse; other codes when a check fails
     */
    public MailboxReader.Read open(String messageId, AttachmentSink attachments) throws IOException {
        return open(messageId, attachments, org.mailv2.client.core.account.TransferProgress.NONE);
    }

    /** As {@link #open(String, AttachmentSink)}, reporting the body's download to {@code downloads}. */
    public MailboxReader.Read open(String messageId, AttachmentSink attachments,
                                   org.mailv2.client.core.account.TransferProgress downloads) throws IOException {
        SenderTrust trust = trust();
        MailboxReader.Read read;
        try {
            read = reader.read(connection(), UUID.fromString(messageId), attachments, trust, null, downloads);
        } finally {
            keep(trust);
        }
        SummaryCache.Entry cached = cache().get(account(), messageId);
        if (cached != null && !cached.flags().contains("seen")) {
            Set<String> flags = new LinkedHashSet<>(cached.flags());
            flags.add("seen");
            mailbox().setFlags(messageId, flags);
        }
        return read;
    }

    /**
     * Writes a message as it was sealed — the decrypted RFC 5322 message with its attachments — to {@code out}, after
     * the same checks as {@link #open} (the sender against the pinned key, the body against the signed envelope; no
     * byte before the From header matched the signer). Does not mark it read; writes nothing to disk but {@code out}.
     *
     * @throws org.mailv2.protocol.error.ProtocolException as for {@link #open}
     */
    public MailboxReader.Read raw(String messageId, java.io.OutputStream out) throws IOException {
        SenderTrust trust = trust();
        try {
            return reader.read(connection(), UUID.fromString(messageId), AttachmentSink.DISCARD, trust, out);
        } finally {
            keep(trust);
        }
    }

    /**
     * Exports every box's messages into {@code target} (see {@link MailExport}): each checked as {@link #open} checks
     * it, written as it was sealed, with its flags; those that fail are listed in the result, not exported. Nothing is
     * marked read.
     */
    public MailExport.Result export(ExportTarget target, java.util.function.Consumer<String> progress)
            throws IOException {
        SenderTrust trust = trust();
        try {
            return new MailExport(connection(), reader, trust).into(target, STANDARD_BOXES, progress);
        } finally {
            keep(trust);
        }
    }

    /**
     * Opens a message to forward it, checked as {@link #open} checks it, with its attachments held in memory to be
     * attached again (see {@link Forward}). Does not mark it read.
     */
    public Forward.Original forwarding(String messageId) throws IOException {
        SenderTrust trust = trust();
        Forward forward = new Forward();
        try {
            return forward.of(reader.read(connection(), UUID.fromString(messageId), forward.sink(), trust).message());
        } finally {
            keep(trust);
        }
    }

    /**
     * Opens attachment {@code number} (1 for the first) with another program, after the same checks as {@link #open}
     * (see {@link org.mailv2.client.core.open.AttachmentOpener}). Does not mark the message read.
     */
    public org.mailv2.client.core.open.AttachmentOpener.Opened openAttachment(
            String messageId, int number, org.mailv2.client.core.open.AttachmentOpener opener,
            org.mailv2.client.core.open.AttachmentOpener.Runner runner) throws IOException, InterruptedException {
        SenderTrust trust = trust();
        try {
            return opener.open(sink -> reader.read(connection(), UUID.fromString(messageId), sink, trust), number,
                    runner);
        } finally {
            keep(trust);
        }
    }

    /** A message opened, and where its attachments were saved. */
    public record OpenedAndSaved(MailboxReader.Read read, List<Path> saved) {
    }

    /**
     * Opens a message as {@link #open(String, AttachmentSink, org.mailv2.client.core.account.TransferProgress)} does and
     * saves its attachments into {@code folder} in the same pass: kept only once the whole message verified (see
     * {@link org.mailv2.client.core.read.AttachmentFolder}).
     */
    public OpenedAndSaved openSaving(String messageId, Path folder,
                                     org.mailv2.client.core.account.TransferProgress downloads) throws IOException {
        org.mailv2.client.core.read.AttachmentFolder target = new org.mailv2.client.core.read.AttachmentFolder(folder);
        MailboxReader.Read read;
        try {
            read = open(messageId, target, downloads);
        } catch (IOException | RuntimeException failed) {
            target.discard();
            throw failed;
        }
        return new OpenedAndSaved(read, target.keep());
    }

    /** Saves a message's attachments into {@code folder} (see {@link MailboxReader#saveAttachments}). */
    public List<Path> saveAttachments(String messageId, Path folder) throws IOException {
        SenderTrust trust = trust();
        try {
            return reader.saveAttachments(connection(), UUID.fromString(messageId), folder, trust);
        } finally {
            keep(trust);
        }
    }

    /** The verified summary of a message (to reply to it or forward it). */
    public org.mailv2.protocol.seal.Summary summary(String messageId) throws IOException {
        SenderTrust trust = trust();
        try {
            return reader.summary(connection(), UUID.fromString(messageId), trust);
        } finally {
            keep(trust);
        }
    }

    /** The screener: first contacts waiting, accepting and declining senders, blocks, the setting. */
    public ScreenerActions screener() {
        return new ScreenerActions(this, mailbox);
    }

    /** Flags, moves and deletes, at the server and in the cache. */
    public MailboxActions mailbox() throws IOException {
        return new MailboxActions(connection(), cache(), account(), mailbox);
    }

    /**
     * Trusts the key {@code who}'s record shows now (the user checked it with the contact; with {@code expectedKeyId}
     * only that key), and checks again the messages that waited on this decision.
     *
     * @return the contact as pinned now, and how many waiting messages verified
     */
    public Accepted acceptKey(Address who, String expectedKeyId) throws IOException {
        synchronized (mailbox) {
            Keyring changed = update(k -> new ContactPinning(clock).accept(k, who, connection().resolver(),
                    expectedKeyId));
            SummaryCache summaries = cache();
            SenderTrust trust = new SenderTrust(connection().resolver(), changed, clock);
            int verified = 0;
            for (String id : summaries.awaitingKey(account(), who.hash())) {
                MessageView view;
                try {
                    view = reader.view(connection(), UUID.fromString(id));
                } catch (org.mailv2.protocol.api.ApiException gone) {
                    continue;
                }
                SummaryCache.Entry entry = Syncer.check(Syncer.opener(connection()), trust, view);
                summaries.put(account(), entry, view.envelope().fromHash());
                verified += entry.verified() ? 1 : 0;
            }
            return new Accepted(changed.contact(who).orElseThrow(), verified);
        }
    }

    /** What accepting a key did. */
    public record Accepted(Contact contact, int reverified) {
    }

    /** Keeps what a run of checks learnt (first pins, key changes) in the vault, merged with its newest state. */
    void keep(SenderTrust trust) throws IOException {
        if (trust.learntAnything()) {
            update(trust::applyTo);
        }
    }

    /**
     * Keeps the shared state of each of the vault's accounts that has a recovery phrase in step with this vault (see
     * {@link org.mailv2.client.core.account.RecoveryCopies#exchange}): with
     * {@code pull}, what another device stored is merged in; either way, what this vault changed is stored.
     *
     * @return whether a copy was stored
     */
    public boolean exchangeSharedState(boolean pull) throws IOException {
        return org.mailv2.client.core.account.RecoveryCopies.exchangeAll(keyring, account -> (account.address()
                .equals(keyring.current()) ? connection() : Connection.open(account, clock)).server(), this::update,
                random, clock, pull);
    }

    /** The current account's recovery phrase, made (and its recovery copy stored) on first use. */
    public org.mailv2.protocol.recovery.RecoveryPhrase recoveryPhrase() throws IOException {
        return org.mailv2.client.core.account.RecoveryCopies.ensurePhrase(me().parsedAddress(), connection().server(),
                this::update, random, clock);
    }

    /**
     * Ends the session. Not synchronized on the session while it stores the shared state: that takes the vault's lock,
     * and a sync round holds the vault's lock while it asks for the session's connection.
     */
    @Override
    public void close() {
        try {
            // What this session changed (a pin, a permit, new keys) reaches the shared state before it ends.
            exchangeSharedState(false);
        } catch (IOException | RuntimeException notNow) {
            // The server is out of reach: the vault's digest still says the copy is due, so the next session tries.
        }
        synchronized (this) {
            if (cache != null) {
                cache.close();
            }
            store.close();
        }
    }
}
