package org.mailv2.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.server.service.DeliveryMeters;
import org.mailv2.server.service.DeliveryService;
import org.mailv2.server.service.NewMailEvents;
import org.mailv2.server.store.Database;

/**
 * The server's meters. Every tag takes its values from a closed set (outcomes, error codes, route templates, HTTP
 * methods and statuses), never from a request's raw path, an address or an id, so the number of series stays bounded
 * and no user data reaches the metrics.
 */
public final class ServerMeters implements DeliveryMeters {
    private static final String VALID = "valid";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** Registers the gauges, which read their values when scraped. */
    public ServerMeters(Database db, NewMailEvents events, Clock clock) {
        gauge("mailv2.relay.queue.depth", "Copies waiting in the relay queue", null,
                () -> db.queue().size());
        gauge("mailv2.relay.queue.oldest.age", "Age of the oldest copy in the relay queue (0 when empty)", "seconds",
                () -> db.queue().oldestQueuedAt().map(t -> Duration.between(t, clock.instant()).toMillis() / 1000.0)
                        .orElse(0.0));
        gauge("mailv2.event.streams.open", "New-mail event streams open now", null, events::openStreams);
    }

    /** For tests and callers without a database: only counters and timers. */
    ServerMeters() {
    }

    private void gauge(String name, String description, String unit, Supplier<Number> value) {
        Gauge.builder(name, () -> {
            try {
                return value.get();
            } catch (RuntimeException e) {
                // A scrape while the database is down says "unknown" rather than failing the whole scrape.
                return Double.NaN;
            }
        }).description(description).baseUnit(unit).register(registry);
    }

    @Override
    public void delivered(DeliveryService.Outcome outcome) {
        Counter.builder("mailv2.deliveries").description("Copies delivered to accounts here")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    @Override
    public void refused(ErrorCode code) {
        Counter.builder("mailv2.delivery.refusals").description("Deliveries refused, by problem code")
                .tag("code", code.wire()).register(registry).increment();
    }

    @Override
    public void stampChecked(ErrorCode refusal) {
        check("mailv2.stamp.checks", "Proof-of-work stamps checked, by result", refusal);
    }

    @Override
    public void permitChecked(ErrorCode refusal) {
        check("mailv2.permit.checks", "Permits checked, by result", refusal);
    }

    private void check(String name, String description, ErrorCode refusal) {
        Counter.builder(name).description(description).tag("result", refusal == null ? VALID : refusal.wire())
                .register(registry).increment();
    }

    /**
     * Times one HTTP request.
     *
     * @param route the matched route's template ({@code /api/v1/messages/{id}}), or null when no route matched
     */
    public void request(String method, String route, int status, double millis) {
        Timer.builder("mailv2.http.requests").description("HTTP requests, by route template")
                .tag("method", method).tag("route", route == null ? "unmatched" : route)
                .tag("status", Integer.toString(status)).register(registry)
                .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
    }

    /** Everything, in the Prometheus text exposition format. */
    public String scrape() {
        return registry.scrape();
    }
}
