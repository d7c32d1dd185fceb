package org.mailv2.client.core.agent;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.mailv2.client.core.vault.VaultKey;

/**
 * The agent process: {@code AgentMain SOCKET IDLE-SECONDS}, with the key on standard input (never in argv, where other
 * users could read it), then standard input closed.
 */
public final class AgentMain {
    private AgentMain() {
    }

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        Duration idle = Duration.ofSeconds(Long.parseLong(args[1]));
        String line;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            line = in.readLine();
        }
        VaultKey key = AgentWire.decode(line);
        try (AgentServer server = new AgentServer(socket, key, idle)) {
            server.serve();
        }
    }
}
