package org.mailv2.client.core.agent;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.mailv2.client.core.vault.VaultKey;
import org.mailv2.protocol.error.ProtocolException;

/** Asks a vault's agent for the key, or tells it to lock. No agent (or a broken one) is simply no key. */
public final class AgentClient {
    private final Path socket;

    public AgentClient(Path socket) {
        this.socket = socket;
    }

    /** The key the agent holds, if an agent answers at the socket. */
    public Optional<VaultKey> key() {
        return ask(AgentWire.KEY).flatMap(answer -> {
            try {
                return Optional.of(AgentWire.decode(answer));
            } catch (ProtocolException | ClassCastException | NullPointerException notAKey) {
                return Optional.empty();
            }
        });
    }

    /** Whether an agent answers at the socket. */
    public boolean running() {
        return ask(AgentWire.PING).filter(AgentWire.OK::equals).isPresent();
    }

    /** Tells the agent to forget the key and stop; whether one did. */
    public boolean lock() {
        return ask(AgentWire.LOCK).filter(AgentWire.OK::equals).isPresent();
    }

    private Optional<String> ask(String request) {
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            AgentServer.write(channel, request);
            String answer = AgentServer.readLine(channel);
            return answer.isEmpty() ? Optional.empty() : Optional.of(answer);
        } catch (IOException noAgent) {
            return Optional.empty();
        }
    }
}
