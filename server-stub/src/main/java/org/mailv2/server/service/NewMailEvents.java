package org.mailv2.server.service;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.server.store.Database;
import org.mailv2.server.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells subscribed clients about new mail in their inbox. Mail stored by this process wakes the subscribers at once;
 * a poll every second also finds mail stored by other replicas of the server (they share the database).
 */
public final class NewMailEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NewMailEvents.class);
    private static final int BATCH = 100;

    /** A client's subscription; {@code after} is the last inbox sequence it was told about. */
    public final class Subscription implements AutoCloseable {
        private final Sha256 account;
        private final Consumer<StoredMessage> listener;
        private volatile long after;

        private Subscription(Sha256 account, long after, Consumer<StoredMessage> listener) {
            this.account = account;
            this.after = after;
            this.listener = listener;
        }

        private synchronized void poll() {
            List<StoredMessage> fresh = db.messages().list(account, "inbox", after, BATCH);
            for (StoredMessage m : fresh) {
                listener.accept(m);
                after = m.sequence();
            }
        }

        @Override
        public void close() {
            List<Subscription> list = subscribers.get(account);
            if (list != null) {
                list.remove(this);
            }
        }
    }

    private final Database db;
    private final Map<Sha256, List<Subscription>> subscribers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "new-mail-events");
        t.setDaemon(true);
        return t;
    });

    public NewMailEvents(Database db) {
        this.db = db;
        scheduler.scheduleWithFixedDelay(this::pollAll, 1, 1, TimeUnit.SECONDS);
    }

    /** Subscribes to inbox messages with a sequence above {@code after}; those already there are sent first. */
    public Subscription subscribe(Sha256 account, long after, Consumer<StoredMessage> listener) {
        Subscription s = new Subscription(account, after, listener);
        subscribers.computeIfAbsent(account, a -> new CopyOnWriteArrayList<>()).add(s);
        scheduler.execute(() -> safePoll(s));
        return s;
    }

    /** Mail for {@code account} was stored here. */
    public void stored(Sha256 account) {
        List<Subscription> list = subscribers.get(account);
        if (list != null && !list.isEmpty()) {
            scheduler.execute(() -> list.forEach(this::safePoll));
        }
    }

    private void pollAll() {
        subscribers.values().forEach(list -> list.forEach(this::safePoll));
        subscribers.values().removeIf(List::isEmpty);
    }

    private void safePoll(Subscription s) {
        try {
            s.poll();
        } catch (RuntimeException e) {
            LOG.warn("new-mail events: poll failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
