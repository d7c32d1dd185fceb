package org.mailv2.server.service;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.Resolver;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.server.store.Database;
import org.mailv2.server.store.MoveStore;
import org.mailv2.server.store.QueuedDelivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The old server's side of a move (protocol §7.6): mail for an account that moved away goes into the relay queue,
 * which resolves the address again and delivers to the new routing, until the grace period after the move is over;
 * then it is refused with {@code moved} (410), which tells the sending relay to resolve the address itself.
 *
 * <p>A forwarded copy is queued under the moved account (it still is an account here during the grace period, its
 * quota counts the copies waiting), keyed like any queued copy by (account, message id), so a copy that arrives twice
 * is forwarded once. A copy is forwarded only while the resolver says the account lives elsewhere: were the resolver
 * still to route it here, the relay would hand the copy back to this server.
 */
final class Forwarding {
    private static final Logger LOG = LoggerFactory.getLogger(Forwarding.class);

    private final Database db;
    private final Resolver resolver;
    private final Duration grace;
    private final Sha256 routingId;
    private final Clock clock;
    private volatile Runnable onQueued = () -> { };

    Forwarding(Database db, Resolver resolver, Duration grace, Sha256 routingId, Clock clock) {
        this.routingId = routingId;
        this.db = db;
        this.resolver = resolver;
        this.grace = grace;
        this.clock = clock;
    }

    void onQueued(Runnable wakeUp) {
        this.onQueued = wakeUp;
    }

    /** Where mail for an account goes. */
    enum Route {
        /** The account lives here. */
        HERE,
        /** It moved away, and the resolver routes it elsewhere: forward. */
        FORWARD,
        /** It moved away, but the resolver still routes it here: keep its mail here rather than send it back. */
        KEPT
    }

    /**
     * Where mail for {@code account} goes: forwarded when it moved away and the resolver routes it elsewhere.
     *
     * @throws ProtocolException {@code moved} when it moved away longer ago than the grace period
     * @throws IOException when the resolver cannot be asked (the delivery is refused as passing)
     */
    Route route(Sha256 account) throws IOException {
        MoveStore.Departure departure = db.moves().departure(account).orElse(null);
        if (departure == null) {
            return Route.HERE;
        }
        if (!clock.instant().isBefore(departure.movedAt().plus(grace))) {
            throw new ProtocolException(ErrorCode.MOVED, "this account moved to another server; resolve it again");
        }
        AddressRecord now;
        try {
            now = resolver.address(account).orElse(null);
        } catch (ApiException answered) {
            throw answered;
        } catch (IOException noAnswer) {
            throw new ResolverUnreachable(noAnswer);
        }
        boolean elsewhere = now != null && (routingId == null ? now.routingId().matches(departure.toRoutingId())
                : !now.routingId().matches(routingId));
        if (!elsewhere) {
            LOG.warn("forwarding: the resolver does not route a moved account away; keeping its mail here");
        }
        return elsewhere ? Route.FORWARD : Route.KEPT;
    }

    /**
     * Inside the delivery's transaction: whether to forward after all — the account moved away since {@link #route}
     * found it here (the notice's transaction and this one are serialised, so a copy is either stored before the move
     * was recorded, and the mover's last copy pass takes it, or forwarded).
     */
    boolean forwardNow(Route route, Sha256 account) {
        return route == Route.FORWARD || route == Route.HERE && db.moves().departure(account).isPresent();
    }

    /** Inside the delivery's transaction: queues the copy, whose blob is committed, for the relay. */
    DeliveryService.Outcome enqueue(Envelope envelope, byte[] summary, String blob) {
        long size = envelope.summarySize() + envelope.bodySize();
        QueuedDelivery item = new QueuedDelivery(0, envelope.toHash(), UUID.fromString(envelope.messageId()),
                envelope.toHash(), envelope.toJson(), summary, blob, size, 0, clock.instant(), clock.instant(), null,
                null);
        QueuedDelivery stored = db.queue().enqueue(item);
        return stored.bodyBlob().equals(blob) ? DeliveryService.Outcome.FORWARDED : DeliveryService.Outcome.DUPLICATE;
    }

    void queued() {
        onQueued.run();
    }
}
