package org.mailv2.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailv2.protocol.error.ErrorCode;

class MetricsEndpointTest {
    private final ServerMeters meters = new ServerMeters();
    private MetricsEndpoint endpoint;

    @BeforeEach
    void start() throws IOException {
        endpoint = MetricsEndpoint.start(0, meters);
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    private HttpResponse<String> call(String method, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port()
                + path)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsAreServedInThePrometheusTextFormatAndNothingElseIs() throws Exception {
        meters.permitChecked(null);
        meters.permitChecked(ErrorCode.PERMIT_REVOKED);
        meters.request("GET", "/api/v1/messages/{id}", 200, 1.5);

        HttpResponse<String> metrics = call("GET", "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue(MetricsEndpoint.CONTENT_TYPE);
        assertThat(metrics.body()).contains("mailv2_permit_checks_total{result=\"valid\"} 1.0",
                "mailv2_permit_checks_total{result=\"permit_revoked\"} 1.0",
                "mailv2_http_requests_seconds_count{method=\"GET\",route=\"/api/v1/messages/{id}\",status=\"200\"} 1");
        assertThat(call("GET", "/").statusCode()).isEqualTo(404);
        assertThat(call("POST", "/metrics").statusCode()).isEqualTo(405);
    }

    /** Plain HTTP is acceptable only because no other host can connect: no address but 127.0.0.1 answers. */
    @Test
    void theListenerAnswersOnLoopbackOnly() throws Exception {
        try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), endpoint.port())) {
            assertThat(s.isConnected()).isTrue();
        }
        List<InetAddress> others = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).toList();
        for (InetAddress other : others) {
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(other, endpoint.port()), 2000);
                }
            }).as(other.toString()).isInstanceOf(IOException.class);
        }
    }
}
