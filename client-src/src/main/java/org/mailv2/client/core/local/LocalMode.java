package org.mailv2.client.core.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.mailv2.protocol.api.CertificateProbe;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.local.LocalServer;
import org.mailv2.protocol.local.LocalServerProvider;

/**
 * Finds the local server: one already running on this machine's local-mode port (another terminal's), or a new one
 * started in this process from the server module (found through {@link ServiceLoader}).
 */
public final class LocalMode {
    /** The account that sends the first-run welcome message; the user's keyring holds it, but it is not theirs. */
    public static final String WELCOME = "welcome!";

    public static final int DEFAULT_PORT = 24242;

    /** Where the local server is, and whether this process runs it. */
    public record Endpoint(String url, Sha256 pin, LocalServer ownServer) implements AutoCloseable {
        public boolean runsHere() {
            return ownServer != null;
        }

        @Override
        public void close() {
            if (ownServer != null) {
                ownServer.close();
            }
        }
    }

    private LocalMode() {
    }

    /** @throws IOException when no server answers and none can be started here */
    public static Endpoint joinOrStart(Path serverDirectory, int port) throws IOException {
        String url = "https://127.0.0.1:" + port;
        try {
            return new Endpoint(url, CertificateProbe.pinOf(url), null);
        } catch (IOException nobodyThere) {
            LocalServerProvider provider = ServiceLoader.load(LocalServerProvider.class).findFirst()
                    .orElseThrow(() -> new IOException("this build has no embedded server (server-stub)"));
            LocalServer server = provider.start(serverDirectory, port);
            return new Endpoint(server.url(), server.certificatePin(), server);
        }
    }
}
