package org.mailv2.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code GET /metrics} in the Prometheus text format, on 127.0.0.1 only. Plain HTTP is acceptable because nothing off
 * this host can connect; a scraper elsewhere goes through an SSH tunnel or a local agent. The JDK's small HTTP server
 * is enough for one scraper: one thread, no framework.
 */
public final class MetricsEndpoint implements AutoCloseable {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService thread;

    private MetricsEndpoint(HttpServer server, ExecutorService thread) {
        this.server = server;
        this.thread = thread;
    }

    /** @throws IOException when the port cannot be bound */
    public static MetricsEndpoint start(int port, ServerMeters meters) throws IOException {
        // 127.0.0.1 itself, not "the loopback address", which may be ::1 where IPv6 is preferred.
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        HttpServer server = HttpServer.create(new InetSocketAddress(loopback, port), 8);
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(thread);
        server.createContext("/", exchange -> answer(exchange, meters));
        server.start();
        return new MetricsEndpoint(server, thread);
    }

    private static void answer(HttpExchange exchange, ServerMeters meters) throws IOException {
        try (exchange) {
            boolean found = exchange.getRequestURI().getPath().equals("/metrics");
            boolean get = exchange.getRequestMethod().equals("GET");
            if (!found || !get) {
                exchange.sendResponseHeaders(found ? 405 : 404, -1);
                return;
            }
            byte[] body = meters.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The port bound (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        thread.shutdownNow();
    }
}
