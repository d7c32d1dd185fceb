package org.mailv2.protocol.local;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Starts a {@link LocalServer}. The server module provides it through {@link java.util.ServiceLoader}, so the client
 * can run a server in-process without compiling against server code.
 */
public interface LocalServerProvider {
    /**
     * Starts the server kept in {@code directory} (set up on first use) on 127.0.0.1:{@code port}.
     *
     * @throws IOException when the directory cannot be set up or the port is taken
     */
    LocalServer start(Path directory, int port) throws IOException;
}
