package org.mailv2.server.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mailv2.server.app.RunningServer;
import org.mailv2.server.app.ServerInit;

/**
 * Starts real servers for a test: each in its own temporary directory, listening on 127.0.0.1 port 0 with a freshly
 * generated certificate, SQLite storage (unless the test edits the config), and few proof-of-work bits; in this JVM or
 * as a separate process. After each test it kills the processes and stops the servers; it deletes their directories
 * when the test passed and keeps them (with the processes' logs) when it failed.
 */
public final class TestServers implements AfterEachCallback {
    public static final int ACCOUNT_BITS = 8;
    public static final int MESSAGE_BITS = 10;

    private final List<RunningServer> running = new ArrayList<>();
    private final List<ServerProcess> processes = new ArrayList<>();
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

    /** A server that runs its own resolver role, over storage wrapped by {@code storage} (a disk that fills, say). */
    public RunningServer startResolver(RunningServer.StorageLayer storage) throws IOException {
        RunningServer server = RunningServer.start(init("self", null, "open"), clock, clock, storage);
        running.add(server);
        return server;
    }

    /** A server that uses {@code resolver} for records. */
    public RunningServer startUsing(RunningServer resolver) {
        return start(resolver.url(), resolver.certificatePin().hex(), "open");
    }

    public RunningServer start(String resolver, String resolverPin, String registration) {
        try {
            return restart(init(resolver, resolverPin, registration));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the directory of a server that uses {@code resolver}, not started yet; @return its config.yml */
    public Path initUsing(RunningServer resolver) {
        return init(resolver.url(), resolver.certificatePin().hex(), "open");
    }

    public Path init(String resolver, String resolverPin, String registration) {
        try {
            Path dir = Files.createTempDirectory("mailv2-server-");
            dirs.add(dir);
            ServerInit.Created created = ServerInit.init(dir, "127.0.0.1", 0, resolver, resolverPin, registration,
                    ACCOUNT_BITS, MESSAGE_BITS, clock, new SecureRandom());
            editConfig(created.config(), "listen: 0.0.0.0", "listen: 127.0.0.1");
            return created.config();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces the text {@code from} (e.g. {@code "leaseSeconds: 300"}) in a config written by {@link #init}.
     *
     * @throws IllegalStateException when the config does not contain it (the template changed)
     */
    public static void editConfig(Path config, String from, String to) throws IOException {
        String text = Files.readString(config, StandardCharsets.UTF_8);
        if (!text.contains(from)) {
            throw new IllegalStateException(config + " has no '" + from + "'");
        }
        Files.writeString(config, text.replace(from, to), StandardCharsets.UTF_8);
    }

    /** Starts (again) the server of {@code config} in this JVM, e.g. after {@link #stop}. */
    public RunningServer restart(Path config) throws IOException {
        RunningServer server = RunningServer.start(config, clock);
        running.add(server);
        return server;
    }

    /** Starts the server of {@code config} as a separate process ({@code serve --config}); waits until it serves. */
    public ServerProcess startProcess(Path config) throws Exception {
        ServerProcess process = ServerProcess.start(config, "process-" + (processes.size() + 1));
        processes.add(process);
        return process;
    }

    public void stop(RunningServer server) {
        running.remove(server);
        server.close();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        processes.forEach(ServerProcess::close);
        processes.clear();
        running.forEach(RunningServer::close);
        running.clear();
        if (context.getExecutionException().isEmpty()) {
            for (Path dir : dirs) {
                deleteRecursively(dir);
            }
        }
        dirs.clear();
    }

    public List<Path> directories() {
        return List.copyOf(dirs);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
