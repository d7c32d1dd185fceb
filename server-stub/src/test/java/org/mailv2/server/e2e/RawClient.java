package org.mailv2.server.e2e;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import javax.net.ssl.SSLSocket;
import okhttp3.Call;
import okhttp3.ConnectionSpec;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.mailv2.protocol.api.CertificatePin;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.server.app.RunningServer;

/** Sends hand-made requests (malformed on purpose) to a test server over pinned TLS; returns status and body. */
final class RawClient {
    record Answer(int status, String contentType, String body, String retryAfter) {
        Answer(int status, String contentType, String body) {
            this(status, contentType, body, null);
        }
    }

    private final OkHttpClient http;
    private final String base;
    private final CertificatePin pin;
    private final int port;

    RawClient(RunningServer server) {
        this(server.url(), server.certificatePin(), server.port());
    }

    /** A client of a server in this JVM or in another process (its URL names its port). */
    RawClient(ServerEndpoint server) {
        this(server.url(), server.certificatePin(), URI.create(server.url()).getPort());
    }

    private RawClient(String url, Sha256 certificatePin, int port) {
        CertificatePin pin = new CertificatePin(certificatePin);
        this.http = new OkHttpClient.Builder().connectionSpecs(List.of(ConnectionSpec.RESTRICTED_TLS))
                .sslSocketFactory(pin.socketFactory(), pin).build();
        this.base = url;
        this.pin = pin;
        this.port = port;
    }

    /** A TLS 1.3 socket to the server, handshake done, for hand-paced writes (slow clients). */
    SSLSocket connect() throws IOException {
        SSLSocket socket = (SSLSocket) pin.socketFactory().createSocket("127.0.0.1", port);
        socket.setEnabledProtocols(new String[] {"TLSv1.3"});
        socket.startHandshake();
        return socket;
    }

    /** A response whose body stays open; closing cancels the call (draining an endless body would wait). */
    record Open(Call call, Response response) implements AutoCloseable {
        @Override
        public void close() {
            call.cancel();
            response.close();
        }
    }

    /**
     * Opens a GET whose body stays open (an event stream); synchronous calls do not count against OkHttp's five
     * requests per host.
     */
    Open open(String path, String... headers) throws IOException {
        Request.Builder request = new Request.Builder().url(base + path);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        Call call = http.newCall(request.get().build());
        return new Open(call, call.execute());
    }

    Answer send(String method, String path, String contentType, byte[] body, String... headers) throws IOException {
        Request.Builder request = new Request.Builder().url(base + path);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        RequestBody requestBody = body == null ? null
                : RequestBody.create(body, contentType == null ? null : MediaType.get(contentType));
        request.method(method, requestBody);
        try (Response response = http.newCall(request.build()).execute()) {
            return new Answer(response.code(), response.header("Content-Type"), response.body().string(),
                    response.header("Retry-After"));
        }
    }

    /** As {@link #send}, with the body sent chunked: no Content-Length, so only the body's end says how long it is. */
    Answer sendChunked(String method, String path, String contentType, byte[] body, String... headers)
            throws IOException {
        Request.Builder request = new Request.Builder().url(base + path);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        request.method(method, new RequestBody() {
            @Override
            public MediaType contentType() {
                return MediaType.get(contentType);
            }

            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void writeTo(okio.BufferedSink sink) throws IOException {
                sink.write(body);
            }
        });
        try (Response response = http.newCall(request.build()).execute()) {
            return new Answer(response.code(), response.header("Content-Type"), response.body().string(),
                    response.header("Retry-After"));
        }
    }

    /**
     * Writes {@code head} (request line and headers, CRLF-separated, without the blank line) and {@code body} byte
     * for byte over a pinned TLS socket, so paths reach the server exactly as written (no client normalises dot
     * segments or escapes). With {@code hangUp} the client closes its side after the body; a server that answers
     * nothing then yields status -1.
     */
    Answer raw(String head, byte[] body, boolean hangUp) throws IOException {
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) pin.socketFactory()
                .createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] {"TLSv1.3"});
            java.io.OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            if (hangUp) {
                socket.shutdownOutput();
            }
            byte[] answer;
            try {
                answer = socket.getInputStream().readAllBytes();
            } catch (IOException e) {
                answer = new byte[0];
            }
            return parse(answer);
        }
    }

    private static Answer parse(byte[] bytes) {
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            return new Answer(-1, null, text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        String contentType = null;
        boolean chunked = false;
        for (String line : lines) {
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("content-type:")) {
                contentType = line.substring(13).trim();
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        String body = text.substring(end + 4);
        if (chunked) {
            StringBuilder joined = new StringBuilder();
            int at = 0;
            while (true) {
                int eol = body.indexOf("\r\n", at);
                int size = Integer.parseInt(body.substring(at, eol).split(";")[0].trim(), 16);
                if (size == 0) {
                    break;
                }
                joined.append(body, eol + 2, eol + 2 + size);
                at = eol + 2 + size + 2;
            }
            body = joined.toString();
        }
        return new Answer(status, contentType,
                new String(body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                        java.nio.charset.StandardCharsets.UTF_8));
    }
}
