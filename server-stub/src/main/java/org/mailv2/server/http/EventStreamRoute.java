package org.mailv2.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.json.Json;
import org.mailv2.server.service.NewMailEvents;

/**
 * {@code GET /api/v1/events?after=N}: a server-sent-events stream of new inbox mail for the authenticated account
 * ({@code event: message}, {@code id:} the sequence, {@code data:} {"messageId","box","sequence"}); a comment every
 * 15 seconds keeps idle connections open. Authentication and the per-account stream limit run before the stream
 * opens, so a bad token is a 401 and one stream too many a 429 {@code rate_limited}.
 */
final class EventStreamRoute implements AutoCloseable {
    static final String PATH = "/api/v1/events";
    private static final String ACCOUNT = "mailv2.account";

    private final NewMailEvents events;
    private final Function<Context, Sha256> authenticate;
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sse-heartbeat");
        t.setDaemon(true);
        return t;
    });

    EventStreamRoute(NewMailEvents events, Function<Context, Sha256> authenticate) {
        this.events = events;
        this.authenticate = authenticate;
        heartbeat.scheduleWithFixedDelay(() -> clients.forEach(c -> c.sendComment("keep-alive")), 15, 15,
                TimeUnit.SECONDS);
    }

    void register(RoutesConfig routes) {
        routes.before(PATH, ctx -> {
            Sha256 account = authenticate.apply(ctx);
            Requests.longQuery(ctx, "after", 0);
            events.requireRoom(account);
            ctx.attribute(ACCOUNT, account);
        });
        routes.sse(PATH, this::stream);
    }

    private void stream(SseClient client) {
        Sha256 account = client.ctx().attribute(ACCOUNT);
        long after = Requests.longQuery(client.ctx(), "after", 0);
        client.keepAlive();
        // Registered before subscribing, so a stream that ends at any point gives its place back.
        AtomicReference<NewMailEvents.Subscription> subscription = new AtomicReference<>();
        AutoCloseable nudges = events.changes().listen(account, () -> client.sendEvent("changed", "{}"));
        client.onClose(() -> {
            clients.remove(client);
            try {
                nudges.close();
            } catch (Exception cannot) {
                // Removing a listener from a set does not fail.
            }
            NewMailEvents.Subscription s = subscription.getAndSet(null);
            if (s != null) {
                s.close();
            }
        });
        clients.add(client);
        try {
            subscription.set(events.subscribe(account, after, m -> client.sendEvent("message",
                    new String(Json.write(Map.of("messageId", m.messageId().toString(), "box", m.box(),
                            "sequence", m.sequence())), java.nio.charset.StandardCharsets.UTF_8),
                    Long.toString(m.sequence()))));
        } catch (ProtocolException e) {
            // Another stream of the account took the last place after the check before this one opened.
            client.close();
            return;
        }
        if (client.terminated()) {
            // Closed while subscribing (the first events failed to send): the close callback may have run already.
            NewMailEvents.Subscription s = subscription.getAndSet(null);
            if (s != null) {
                s.close();
            }
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        clients.forEach(SseClient::close);
    }
}
