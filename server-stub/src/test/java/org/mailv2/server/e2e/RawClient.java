package org.mailv2.server.e2e;

import java.io.IOException;
import java.util.List;
import okhttp3.Call;
import okhttp3.ConnectionSpec;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.mailv2.protocol.api.CertificatePin;
import org.mailv2.server.app.RunningServer;

/** Sends hand-made requests (malformed on purpose) to a test server over pinned TLS; returns status and body. */
final class RawClient {
    record Answer(int status, String contentType, String body) {
    }

    private final OkHttpClient http;
    private final String base;

    RawClient(RunningServer server) {
        CertificatePin pin = new CertificatePin(server.certificatePin());
        this.http = new OkHttpClient.Builder().connectionSpecs(List.of(ConnectionSpec.RESTRICTED_TLS))
                .sslSocketFactory(pin.socketFactory(), pin).build();
        this.base = server.url();
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
            return new Answer(response.code(), response.header("Content-Type"), response.body().string());
        }
    }
}
