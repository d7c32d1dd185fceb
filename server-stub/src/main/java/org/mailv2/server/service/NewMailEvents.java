package org.mailv2.server.service;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.server.store.Database;
import org.mailv2.server.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells subscribed clients about new mail in their inbox, with at most a configured number of subscriptions per
 * account. A subscription reads the mailbox only when woken: at once by mail stored by this process, and by one
 * query a second for the whole server ({@link org.mailv2.server.store.MessageStore#newestInboxAfter}) that finds
 * mail stored by other replicas (they share the database). Idle subscriptions cost nothing.
 */
public final class NewMailEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NewMailEvents.class);
    private final MailboxChanges changes = new MailboxChanges();
    private static final int BATCH = 100;
    /**
     * How far below the newest sequence seen each tick looks again: PostgreSQL may commit a lower sequence after a
     * higher one. Mail that lands later than this is announced with the account's next new mail.
     */
    private static final long LOOKBACK = 256;

    /** A client's subscription; {@code after} is the last inbox sequence it was told about. */
    public final class Subscription implements AutoCloseable {
        private final Sha256 account;
        private final Consumer<StoredMessage> listener;
        private long after;
        private long wokenFor;

        private Subscription(Sha256 account, long after, Consumer<StoredMessage> listener) {
            this.account = account;
            this.after = after;
            this.wokenFor = after;
            this.listener = listener;
        }

        /** Reads the inbox unless it was read for mail up to {@code newest} already. */
        private synchronized void wake(long newest) {
            if (newest <= Math.max(after, wokenFor)) {
                return;
            }
            wokenFor = newest;
            poll();
        }

        private synchronized void poll() {
            List<StoredMessage> fresh;
            do {
                fresh = db.messages().list(account, "inbox", after, BATCH);
                for (StoredMessage m : fresh) {
                    listener.accept(m);
                    after = m.sequence();
                }
            } while (fresh.size() == BATCH);
        }

        @Override
        public void close() {
            subscribers.computeIfPresent(account, (a, list) -> {
                list.remove(this);
                return list.isEmpty() ? null : list;
            });
        }
    }

    private final Database db;
    private final int maxStreamsPerAccount;
    private final Map<Sha256, List<Subscription>> subscribers = new ConcurrentHashMap<>();
    private long watermark;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "new-mail-events");
        t.setDaemon(true);
        return t;
    });

    /** @param maxStreamsPerAccount subscriptions one account may hold at once */
    /** Changes other than new inbox mail (moves, flags, deletes, Sent copies), for the devices' change-log nudges. */
    public MailboxChanges changes() {
        return changes;
    }

    public NewMailEvents(Database db, int maxStreamsPerAccount) {
        if (maxStreamsPerAccount <= 0) {
            throw new IllegalArgumentException("the stream limit is positive");
        }
        this.db = db;
        this.maxStreamsPerAccount = maxStreamsPerAccount;
        this.watermark = db.messages().lastSequence();
        scheduler.scheduleWithFixedDelay(this::pollAll, 1, 1, TimeUnit.SECONDS);
    }

    /** @throws ProtocolException {@code rate_limited} when the account holds the most subscriptions it may */
    public void requireRoom(Sha256 account) {
        List<Subscription> list = subscribers.get(account);
        if (list != null && list.size() >= maxStreamsPerAccount) {
            throw tooMany();
        }
    }

    /**
     * Subscribes to inbox messages with a sequence above {@code after}; those already there are sent first, before
     * this returns.
     *
     * @throws ProtocolException {@code rate_limited} when the account holds the most subscriptions it may
     */
    public Subscription subscribe(Sha256 account, long after, Consumer<StoredMessage> listener) {
        Subscription s = new Subscription(account, after, listener);
        subscribers.compute(account, (a, list) -> {
            List<Subscription> current = list == null ? new CopyOnWriteArrayList<>() : list;
            if (current.size() >= maxStreamsPerAccount) {
                throw tooMany();
            }
            current.add(s);
            return current;
        });
        safely(s::poll);
        return s;
    }

    /** Subscriptions open now, over all accounts (the open event streams, for metrics). */
    public int openStreams() {
        return subscribers.values().stream().mapToInt(List::size).sum();
    }

    /** Mail for {@code account} was stored here. */
    public void stored(Sha256 account) {
        List<Subscription> list = subscribers.get(account);
        if (list != null && !list.isEmpty()) {
            try {
                scheduler.execute(() -> list.forEach(s -> safely(s::poll)));
            } catch (RejectedExecutionException e) {
                LOG.debug("new-mail events: closed, not announcing");
            }
        }
    }

    /** One tick: one query for the whole server, then only the subscriptions of accounts with new inbox mail. */
    synchronized void pollAll() {
        try {
            Map<Sha256, Long> newest = db.messages().newestInboxAfter(Math.max(0, watermark - LOOKBACK));
            for (Map.Entry<Sha256, Long> e : newest.entrySet()) {
                watermark = Math.max(watermark, e.getValue());
                List<Subscription> list = subscribers.get(e.getKey());
                if (list != null) {
                    list.forEach(s -> safely(() -> s.wake(e.getValue())));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("new-mail events: poll failed: {}", e.toString());
        }
    }

    private static void safely(Runnable poll) {
        try {
            poll.run();
        } catch (RuntimeException e) {
            LOG.warn("new-mail events: poll failed: {}", e.toString());
        }
    }

    private ProtocolException tooMany() {
        return new ProtocolException(ErrorCode.RATE_LIMITED,
                "at most " + maxStreamsPerAccount + " event streams per account");
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
