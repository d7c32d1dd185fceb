package org.mailv2.client.core.agent;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.mailv2.client.core.vault.VaultKey;

/**
 * The agent's side: holds one vault key and hands it to processes of the same user that ask on its socket (checked by
 * the kernel's peer credentials, {@code SO_PEERCRED}, not by anything the peer says). It forgets the key and stops when
 * told to lock, or after {@code idle} without a request. The socket file is 0600 in a 0700 folder and removed on stop.
 */
public final class AgentServer implements AutoCloseable {
    private final Path socket;
    private final VaultKey key;
    private final Duration idle;
    private final ServerSocketChannel server;
    private final UserPrincipal owner;
    private final ScheduledExecutorService watchdog;
    private volatile long lastUse = System.nanoTime();
    private volatile boolean stopped;

    /** Listens at {@code socket} (a stale socket file there is replaced); {@link #serve} answers. */
    public AgentServer(Path socket, VaultKey key, Duration idle) throws IOException {
        this.socket = socket;
        this.key = key;
        this.idle = idle;
        this.owner = Files.getOwner(socket.getParent());
        Files.deleteIfExists(socket);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        if (socket.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        }
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mailv2-agent-idle");
            t.setDaemon(true);
            return t;
        });
        long tick = Math.max(50, Math.min(idle.toMillis() / 4, 10_000));
        watchdog.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastUse > idle.toNanos()) {
                close();
            }
        }, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Answers requests until locked, idle or closed. */
    public void serve() {
        while (!stopped) {
            try (SocketChannel peer = server.accept()) {
                if (!sameUser(peer)) {
                    continue;
                }
                lastUse = System.nanoTime();
                String request = readLine(peer);
                switch (request) {
                    case AgentWire.KEY -> write(peer, AgentWire.encode(key));
                    case AgentWire.PING -> write(peer, AgentWire.OK);
                    case AgentWire.LOCK -> {
                        write(peer, AgentWire.OK);
                        close();
                    }
                    default -> write(peer, "unknown request");
                }
            } catch (ClosedChannelException closing) {
                return;
            } catch (IOException brokenPeer) {
                // one peer's trouble does not stop the agent
            }
        }
    }

    private boolean sameUser(SocketChannel peer) throws IOException {
        UnixDomainPrincipal credentials = peer.getOption(ExtendedSocketOptions.SO_PEERCRED);
        return credentials.user().equals(owner);
    }

    static String readLine(SocketChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(AgentWire.MAX_LINE);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                break;
            }
            if (buffer.position() > 0 && buffer.get(buffer.position() - 1) == '\n') {
                break;
            }
        }
        String line = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        return line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
    }

    static void write(SocketChannel channel, String line) throws IOException {
        ByteBuffer out = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    /** Forgets the key and stops listening. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        key.close();
        watchdog.shutdownNow();
        try {
            server.close();
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // stopping anyway
        }
    }

    public boolean stopped() {
        return stopped;
    }
}
