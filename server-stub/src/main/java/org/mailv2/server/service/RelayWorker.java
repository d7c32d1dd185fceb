package org.mailv2.server.service;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.mailv2.protocol.api.ApiClient;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.api.Timeouts;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.Resolver;
import org.mailv2.protocol.resolver.RoutingRecord;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.server.store.BlobStore;
import org.mailv2.server.store.Database;
import org.mailv2.server.store.QueuedDelivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays queued copies to their recipients' servers over TLS verified by the routing record's certificate pin.
 * Claims work with a lease (so replicas never deliver one item at once), retries transient failures with
 * exponential backoff and jitter, and gives up on permanent refusals and after the retry window. The recipient
 * server sees this server, never the sending client.
 */
public final class RelayWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RelayWorker.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    private static final Duration MAX_RETRY = Duration.ofHours(1);
    private static final long IDLE_POLL_MILLIS = 1000;
    /** How long past the retry window a given-up copy waits for its delivery-status notice to be stored. */
    private static final Duration NOTICE_GRACE = Duration.ofHours(24);

    private final Database db;
    private final BlobStore blobs;
    private final Resolver resolver;
    private final Duration retryWindow;
    private final Duration lease;
    private final UndeliverableNotice notifier;
    private final Clock clock;
    private final Timeouts timeouts;
    private final String name;
    private final Map<String, ApiClient> clients = new ConcurrentHashMap<>();
    private final RouteCache routes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final List<Thread> threads;
    private volatile boolean running = true;
    private final java.util.concurrent.atomic.LongAdder delivered = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder gaveUp = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder deliverNanos = new java.util.concurrent.atomic.LongAdder();

    /**
     * What this relay did since it started: copies delivered, copies given up (each became a delivery-status
     * message), and the time spent in the recipient servers' accepting the delivered ones (summed over workers).
     */
    public record Stats(long delivered, long gaveUp, long deliverNanos) {
    }

    public RelayWorker(Database db, BlobStore blobs, Resolver resolver, Duration retryWindow, Duration lease,
                       UndeliverableNotice notifier, int workers, String name, Clock clock) {
        this(db, blobs, resolver, retryWindow, lease, notifier, workers, name, Timeouts.DEFAULT, clock);
    }

    /**
     * @param timeouts how long a call to a recipient's server may take; a call that times out is a passing failure,
     *     tried again after the backoff
     */
    public RelayWorker(Database db, BlobStore blobs, Resolver resolver, Duration retryWindow, Duration lease,
                       UndeliverableNotice notifier, int workers, String name, Timeouts timeouts, Clock clock) {
        this(db, blobs, resolver, retryWindow, lease, notifier, workers, name, timeouts, Duration.ZERO, clock);
    }

    /**
     * @param routeCache how long the routing id of a recipient's address record is used without asking the resolver
     *     again (zero: ask for every copy); a {@code moved} answer drops it at once
     */
    public RelayWorker(Database db, BlobStore blobs, Resolver resolver, Duration retryWindow, Duration lease,
                       UndeliverableNotice notifier, int workers, String name, Timeouts timeouts, Duration routeCache,
                       Clock clock) {
        this.routes = new RouteCache(routeCache, clock);
        this.timeouts = timeouts;
        this.notifier = notifier;
        this.db = db;
        this.blobs = blobs;
        this.resolver = resolver;
        this.retryWindow = retryWindow;
        this.lease = lease;
        this.clock = clock;
        this.name = name;
        this.threads = java.util.stream.IntStream.range(0, workers)
                .mapToObj(i -> new Thread(this::loop, "relay-" + i)).toList();
    }

    public RelayWorker start() {
        threads.forEach(t -> {
            t.setDaemon(true);
            t.start();
        });
        return this;
    }

    /** Something was queued: wake an idle worker now instead of at its next poll. */
    public void wakeUp() {
        lock.lock();
        try {
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        String worker = name + "/" + Thread.currentThread().getName();
        while (running) {
            Optional<QueuedDelivery> item;
            try {
                item = db.queue().claim(worker, clock.instant(), lease);
            } catch (RuntimeException e) {
                LOG.warn("relay: claiming failed: {}", e.toString());
                item = Optional.empty();
            }
            if (item.isPresent()) {
                relay(item.get(), worker);
            } else {
                idle();
            }
        }
    }

    private void idle() {
        lock.lock();
        try {
            work.await(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    void relay(QueuedDelivery item, String worker) {
        if (item.gaveUpReason() != null) {
            // Given up before; only its notice failed. The message itself is never sent again.
            giveUp(item, worker, item.gaveUpReason());
            return;
        }
        boolean remembered = routes.get(item.recipient()) != null;
        try {
            Envelope envelope = Envelope.parse(item.envelopeJson());
            ApiClient destination = destination(item);
            long started = System.nanoTime();
            destination.deliver(envelope, item.summaryCiphertext(), blob(item.bodyBlob()));
            deliverNanos.add(System.nanoTime() - started);
            delivered.increment();
            // Overtaken (our lease ran out and another worker holds the item): the blob is the new holder's now.
            if (db.queue().complete(item.id(), worker)) {
                blobs.delete(item.bodyBlob());
            }
            LOG.debug("relay: delivered after {} earlier attempts", item.attempts());
        } catch (ApiException e) {
            if (e.code() == ErrorCode.MOVED) {
                // The recipient moved: resolve its address again on the next try (soon, after the first backoff).
                routes.forget(item.recipient());
            }
            if (e.code() == ErrorCode.UNKNOWN_RECIPIENT && remembered) {
                // No such recipient at the server this relay remembered for it: it may have moved since (and its old
                // server let its account go). Ask the resolver before giving up.
                routes.forget(item.recipient());
                retry(item, worker, e.code().wire());
            } else if (isPermanent(e.code())) {
                giveUp(item, worker, e.code().wire());
            } else {
                retry(item, worker, e.code().wire());
            }
        } catch (ProtocolException e) {
            giveUp(item, worker, e.code().wire());
        } catch (IOException | RuntimeException e) {
            retry(item, worker, e.getClass().getSimpleName());
        }
    }

    private ApiClient destination(QueuedDelivery item) throws IOException {
        org.mailv2.protocol.digest.Sha256 routingId = routes.get(item.recipient());
        if (routingId == null) {
            AddressRecord recipient = resolver.address(item.recipient())
                    .orElseThrow(() -> new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "recipient has no record"));
            recipient.verifySelf();
            routingId = recipient.routingId();
            routes.put(item.recipient(), routingId);
        }
        RoutingRecord routing = resolver.routing(routingId)
                .orElseThrow(() -> new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "recipient's server unknown"));
        routing.verifySelf();
        return clients.computeIfAbsent(routing.url() + "#" + routing.tlsCertSha256().hex(),
                k -> ApiClient.connect(routing.url(), routing.tlsCertSha256(), timeouts));
    }

    private ByteSource blob(String name) {
        return new ByteSource() {
            @Override
            public InputStream open() throws IOException {
                return blobs.open(name);
            }

            @Override
            public long size() throws IOException {
                return blobs.size(name);
            }
        };
    }

    private void retry(QueuedDelivery item, String worker, String reason) {
        Instant now = clock.instant();
        if (Duration.between(item.firstQueuedAt(), now).compareTo(retryWindow) > 0) {
            giveUp(item, worker, "retry window over: " + reason);
            return;
        }
        long jittered = backoffMillis(item.attempts());
        db.queue().retryAt(item.id(), worker, now.plusMillis(jittered), reason);
        LOG.info("relay: attempt {} failed ({}), next in {} ms", item.attempts() + 1, reason, jittered);
    }

    private static long backoffMillis(int attempts) {
        long base = Math.min(MAX_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(attempts, 20));
        return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }

    /**
     * Tells the sender and drops the copy. When the notice cannot be stored, the copy is marked given up (never
     * relayed again) and only the notice is retried, with backoff, until the retry window plus {@link #NOTICE_GRACE}
     * is over; then the copy is dropped without a notice.
     */
    private void giveUp(QueuedDelivery item, String worker, String reason) {
        if (item.gaveUpReason() == null) {
            LOG.warn("relay: giving up after {} attempts: {}", item.attempts() + 1, reason);
        }
        try {
            if (forwarded(item)) {
                // A moved account's mail, forwarded: its sender lives elsewhere, and its server was told the copy
                // was taken. There is no one here to tell.
                LOG.warn("relay: a forwarded copy was refused for good ({}); dropped", reason);
            } else {
                notifier.undeliverable(item, reason);
            }
        } catch (IOException | RuntimeException e) {
            Instant now = clock.instant();
            if (now.isBefore(item.firstQueuedAt().plus(retryWindow).plus(NOTICE_GRACE))) {
                long jittered = backoffMillis(item.attempts());
                LOG.warn("relay: delivery-status message not stored ({}); trying the notice again in {} ms",
                        e.toString(), jittered);
                db.queue().gaveUp(item.id(), worker, now.plusMillis(jittered), reason);
                return;
            }
            LOG.warn("relay: delivery-status message not stored ({}) and its time is over; dropping the copy",
                    e.toString());
        }
        gaveUp.increment();
        if (db.queue().complete(item.id(), worker)) {
            try {
                blobs.delete(item.bodyBlob());
            } catch (IOException e) {
                LOG.warn("relay: blob not deleted: {}", e.toString());
            }
        }
    }

    public Stats stats() {
        return new Stats(delivered.sum(), gaveUp.sum(), deliverNanos.sum());
    }

    /** A copy forwarded for an account that moved away: queued under the recipient, not under its sender. */
    private static boolean forwarded(QueuedDelivery item) {
        return item.sender().matches(item.recipient());
    }

    static boolean isPermanent(ErrorCode code) {
        return switch (code) {
            case RATE_LIMITED, INTERNAL, QUOTA_EXCEEDED, INSUFFICIENT_STORAGE, MOVED -> false;
            default -> true;
        };
    }

    /** Stops taking work; items in flight finish, or their lease runs out and another worker takes them. */
    @Override
    public void close() {
        running = false;
        wakeUp();
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
