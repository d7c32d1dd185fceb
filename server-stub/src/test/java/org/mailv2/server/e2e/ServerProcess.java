package org.mailv2.server.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.server.cli.ServerCli;

/**
 * A server running as its own OS process, as an operator runs it: {@code java -cp <this JVM's class path>
 * ServerCli serve --config FILE}. Its standard output and error go to files beside the config (so the process can
 * never block on a full pipe); the endpoint is read from the "serving" line it prints once it is up. A JVM shutdown
 * hook kills any process still alive, in case a test run ends without its {@link TestServers} cleaning up.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile(
            "serving (https://\\S+) \\(routing id (\\p{XDigit}+), certificate SHA-256 (\\p{XDigit}+)\\)");
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final long STOP_LIMIT_SECONDS = 30;
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "kill-server-processes"));
    }

    private final Process process;
    private final ServerEndpoint endpoint;

    private ServerProcess(Process process, ServerEndpoint endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /**
     * Starts {@code serve --config config} and waits until the server is serving.
     *
     * @param name names the log files, {@code <name>.out} and {@code <name>.err} in the config's directory
     */
    static ServerProcess start(Path config, String name) throws Exception {
        Path dir = config.toAbsolutePath().getParent();
        Path stdout = dir.resolve(name + ".out");
        Path stderr = dir.resolve(name + ".err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), ServerCli.class.getName(),
                "serve", "--config", config.toAbsolutePath().toString()))
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        LIVE.add(process);
        try {
            return new ServerProcess(process, awaitServing(process, stdout, stderr));
        } catch (Exception | Error e) {
            destroy(process);
            throw e;
        }
    }

    private static ServerEndpoint awaitServing(Process process, Path stdout, Path stderr) throws Exception {
        Matcher serving;
        try {
            serving = Eventually.await(START_LIMIT, () -> servingLine(process, stdout, stderr), Optional::isPresent)
                    .orElseThrow();
        } catch (AssertionError e) {
            throw new AssertionError("server process not serving within " + START_LIMIT + "; its log:\n"
                    + read(stderr), e);
        }
        return new ServerEndpoint(serving.group(1), Sha256.parseHex(serving.group(3)),
                Sha256.parseHex(serving.group(2)));
    }

    private static Optional<Matcher> servingLine(Process process, Path stdout, Path stderr) throws IOException {
        Matcher m = SERVING.matcher(read(stdout));
        if (m.find()) {
            return Optional.of(m);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("server process exited with " + process.exitValue()
                    + " before serving; its log:\n" + read(stderr));
        }
        return Optional.empty();
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    public ServerEndpoint endpoint() {
        return endpoint;
    }

    /** The operating system's id of the process (for {@code /proc/<pid>/status}). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Kills the process with SIGKILL, as a crash or the OOM killer would: no shutdown hook runs.
     *
     * @return its exit code, 128 + 9
     */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        int code = process.waitFor();
        LIVE.remove(process);
        return code;
    }

    /** Kills the process unless it has ended already, and waits for it. */
    @Override
    public void close() {
        destroy(process);
    }

    private static void destroy(Process process) {
        try {
            process.destroyForcibly();
            if (!process.waitFor(STOP_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("server process " + process.pid() + " survived SIGKILL");
            }
            LIVE.remove(process);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
