package org.mailv2.client.core.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.mailv2.client.core.vault.VaultKey;

/**
 * Starts an agent process for a vault: the same Java and class path as this process, the key handed over on its
 * standard input. Returns once the agent answers on its socket.
 */
public final class AgentLauncher {
    private static final Duration READY_WITHIN = Duration.ofSeconds(15);

    private AgentLauncher() {
    }

    /** @throws IOException when the agent does not start or does not answer in time */
    public static void start(Path socket, VaultKey key, Duration idle) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx32m", "-XX:+UseSerialGC", "-Xss512k", "-cp",
                System.getProperty("java.class.path"), AgentMain.class.getName(), socket.toString(),
                Long.toString(idle.toSeconds())));
        Process agent = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = agent.getOutputStream()) {
            in.write((AgentWire.encode(key) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        AgentClient client = new AgentClient(socket);
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (!client.running()) {
            if (!agent.isAlive() || System.nanoTime() > deadline) {
                agent.destroy();
                throw new IOException("the agent did not start");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the agent started", e);
            }
        }
    }
}
