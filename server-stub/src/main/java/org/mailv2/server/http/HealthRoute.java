package org.mailv2.server.http;

import io.javalin.config.RoutesConfig;
import org.mailv2.server.service.HealthCheck;

/**
 * {@code GET /health}: 200 {@code ok} while the database and the blob store answer, 503 {@code unavailable}
 * otherwise; no detail either way (what failed is in the server's log). No auth, and exempt from the per-IP limit
 * (load balancers probe often, from one address); {@link HealthCheck} bounds what probing costs.
 */
final class HealthRoute {
    static final String PATH = "/health";

    private final HealthCheck health;

    HealthRoute(HealthCheck health) {
        this.health = health;
    }

    void register(RoutesConfig routes) {
        routes.get(PATH, ctx -> {
            boolean ok = health.healthy();
            ctx.status(ok ? 200 : 503).contentType("text/plain").header("Cache-Control", "no-store")
                    .result(ok ? "ok\n" : "unavailable\n");
        });
    }
}
