package org.mailv2.server.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mailv2.server.app.RunningServer;
import org.mailv2.server.app.ServerInit;

/**
 * Starts real servers for a test: each in its own temporary directory, listening on 127.0.0.1 port 0 with a freshly
 * generated certificate, SQLite storage, and few proof-of-work bits. Stops them after each test.
 */
public final class TestServers implements AfterEachCallback {
    public static final int ACCOUNT_BITS = 8;
    public static final int MESSAGE_BITS = 10;

    private final List<RunningServer> running = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();
    private final Clock clock;

    public TestServers() {
        this(Clock.systemUTC());
    }

    public TestServers(Clock clock) {
        this.clock = clock;
    }

    /** A server that runs its own resolver role. */
    public RunningServer startResolver() {
        return start("self", null, "open");
    }

    /** A server that uses {@code resolver} for records. */
    public RunningServer startUsing(RunningServer resolver) {
        return start(resolver.url(), resolver.certificatePin().hex(), "open");
    }

    public RunningServer start(String resolver, String resolverPin, String registration) {
        try {
            Path dir = Files.createTempDirectory("mailv2-server-");
            dirs.add(dir);
            ServerInit.Created created = ServerInit.init(dir, "127.0.0.1", 0, resolver, resolverPin, registration,
                    ACCOUNT_BITS, MESSAGE_BITS, clock, new SecureRandom());
            String config = Files.readString(created.config()).replace("listen: 0.0.0.0", "listen: 127.0.0.1");
            Files.writeString(created.config(), config);
            return restart(created.config());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts (again) the server of {@code config}, e.g. after {@link #stop}. */
    public RunningServer restart(Path config) throws IOException {
        RunningServer server = RunningServer.start(config, clock);
        running.add(server);
        return server;
    }

    public void stop(RunningServer server) {
        running.remove(server);
        server.close();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (RunningServer server : running) {
            server.close();
        }
        running.clear();
    }

    public List<Path> directories() {
        return List.copyOf(dirs);
    }
}
