package org.mailv2.server.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.local.LocalServer;
import org.mailv2.protocol.local.LocalServerProvider;

/**
 * The client's local mode: a real server (TLS, SQLite, its own resolver) on 127.0.0.1, set up in a directory on
 * first use. Proof of work is lighter than on a public server (20 bits for an account, 16 for a first message): the
 * server is reachable from this machine only.
 */
public final class EmbeddedServerProvider implements LocalServerProvider {
    public static final int ACCOUNT_BITS = 20;
    public static final int MESSAGE_BITS = 16;

    @Override
    public LocalServer start(Path directory, int port) throws IOException {
        Path config = directory.resolve("config.yml");
        if (!Files.exists(config)) {
            ServerInit.init(directory, "127.0.0.1", port, "self", null, "open", ACCOUNT_BITS, MESSAGE_BITS,
                    Clock.systemUTC(), new SecureRandom());
            Files.writeString(config, Files.readString(config, StandardCharsets.UTF_8)
                    .replace("listen: 0.0.0.0", "listen: 127.0.0.1"), StandardCharsets.UTF_8);
        }
        RunningServer server = RunningServer.start(config, Clock.systemUTC());
        return new LocalServer() {
            @Override
            public String url() {
                return server.url();
            }

            @Override
            public Sha256 certificatePin() {
                return server.certificatePin();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }
}
