package org.mailv2.server.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.mailv2.server.tls.TlsCredentials;

/**
 * A neighbour of a server under test, on 127.0.0.1, that the test breaks at will: it forwards TCP to the real server
 * behind it, or refuses (accepts and closes at once), or stalls (accepts TCP and never says a word), or — with the
 * real server's own certificate, so that pins match — completes the TLS handshake, reads the request and never
 * answers, or answers its headers one line at a time, forever. Changing the mode drops the connections it holds.
 */
final class BrokenNeighbour implements AutoCloseable {
    enum Mode { FORWARD, REFUSE, STALL, SILENT_TLS, TRICKLE_TLS }

    private static final long TRICKLE_MILLIS = 300;

    private final ServerSocket listener;
    private final List<Socket> sockets = new ArrayList<>();
    private volatile Mode mode = Mode.FORWARD;
    private volatile int target = -1;
    private volatile SSLContext tls;

    private BrokenNeighbour(ServerSocket listener) {
        this.listener = listener;
    }

    static BrokenNeighbour start() throws IOException {
        BrokenNeighbour neighbour = new BrokenNeighbour(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        daemon("neighbour-accept", neighbour::acceptLoop);
        return neighbour;
    }

    int port() {
        return listener.getLocalPort();
    }

    String url() {
        return "https://127.0.0.1:" + port();
    }

    /** Where {@link Mode#FORWARD} forwards to (a port on 127.0.0.1). */
    void forwardTo(int port) {
        target = port;
    }

    /** The certificate and key the TLS modes present: the real server's, so the pin in its routing record holds. */
    void presenting(TlsCredentials credentials) throws Exception {
        char[] password = "neighbour".toCharArray();
        KeyStore keys = credentials.keyStore(password);
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        tls = context;
    }

    /** Changes the mode and drops every connection open now (a kept-alive one would carry on as before). */
    synchronized void mode(Mode newMode) {
        mode = newMode;
        sockets.forEach(BrokenNeighbour::closeQuietly);
        sockets.clear();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException closed) {
                return;
            }
            track(socket);
            Mode now = mode;
            daemon("neighbour-" + now, () -> serve(socket, now));
        }
    }

    private void serve(Socket socket, Mode now) {
        try {
            switch (now) {
                case FORWARD -> forward(socket);
                case REFUSE -> socket.close();
                case STALL -> { } // the socket stays open, silent, until close()
                case SILENT_TLS -> readRequest(tlsOver(socket));
                case TRICKLE_TLS -> trickle(tlsOver(socket));
            }
        } catch (IOException e) {
            closeQuietly(socket); // the caller gave up: what a broken neighbour sees all day
        }
    }

    private void forward(Socket client) throws IOException {
        Socket server = track(new Socket(InetAddress.getLoopbackAddress(), target));
        daemon("neighbour-up", () -> pipe(client, server));
        pipe(server, client);
    }

    private SSLSocket tlsOver(Socket socket) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, null, true);
        ssl.setUseClientMode(false);
        ssl.startHandshake();
        return ssl;
    }

    /** Reads up to the end of the request's headers; the caller then waits for an answer that never comes. */
    private static void readRequest(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
    }

    private static void trickle(Socket socket) throws IOException {
        readRequest(socket);
        OutputStream out = socket.getOutputStream();
        out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
        for (long i = 0; !socket.isClosed(); i++) {
            out.write(("X-Still-There: " + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try {
                Thread.sleep(TRICKLE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException ignored) {
            // either side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private synchronized Socket track(Socket socket) {
        sockets.add(socket);
        return socket;
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public synchronized void close() throws IOException {
        listener.close();
        sockets.forEach(BrokenNeighbour::closeQuietly);
    }
}
