package org.mailv2.server.e2e;

import java.util.Objects;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.server.app.RunningServer;

/**
 * Where a test reaches a server and how it knows it: its https URL, the SHA-256 of its certificate and its routing
 * id. Both a server running in the test's JVM and one running as a separate process provide one.
 */
public record ServerEndpoint(String url, Sha256 certificatePin, Sha256 routingId) {
    public ServerEndpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(certificatePin, "certificatePin");
        Objects.requireNonNull(routingId, "routingId");
        if (!url.startsWith("https://")) {
            throw new IllegalArgumentException("a server URL is https://…");
        }
    }

    public static ServerEndpoint of(RunningServer server) {
        return new ServerEndpoint(server.url(), server.certificatePin(), server.routingId());
    }
}
