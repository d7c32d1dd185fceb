package org.mailv2.protocol.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Protocol;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Concurrent requests over real TLS keep their connections for the next ones instead of handshaking again. */
class ApiClientConnectionsTest {
    private static final int CONCURRENT = 16;

    private final MockWebServer server = new MockWebServer();
    private ApiClient client;

    @BeforeEach
    void start() throws IOException {
        HeldCertificate certificate = new HeldCertificate.Builder().addSubjectAlternativeName("localhost")
                .addSubjectAlternativeName("127.0.0.1").build();
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(certificate).build().sslSocketFactory());
        // HTTP/1.1 as over a server without ALPN: one request at a time on each connection.
        server.setProtocols(List.of(Protocol.HTTP_1_1));
        CyclicBarrier allInFlight = new CyclicBarrier(CONCURRENT);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                try {
                    // Answer only once every request of the round is in flight: each then holds its own connection.
                    allInFlight.await(30, TimeUnit.SECONDS);
                } catch (BrokenBarrierException | TimeoutException e) {
                    throw new IllegalStateException(e);
                }
                return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body("[]")
                        .build();
            }
        });
        server.start();
        client = ApiClient.connect(server.url("/").toString(), CertificatePin.of(certificate.certificate()))
                .withToken(() -> "token");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aSecondRoundOfConcurrentRequestsReusesTheFirstRoundsConnections() throws Exception {
        assertThat(CONCURRENT).isLessThan(ApiClient.IDLE_CONNECTIONS);
        for (int round = 0; round < 2; round++) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < CONCURRENT; i++) {
                Thread t = new Thread(() -> {
                    try {
                        client.permits();
                    } catch (IOException | RuntimeException e) {
                        failure.set(e);
                    }
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(failure.get()).isNull();
        }

        Set<Integer> connections = new HashSet<>();
        for (int i = 0; i < 2 * CONCURRENT; i++) {
            connections.add(server.takeRequest().getConnectionIndex());
        }
        assertThat(connections).hasSize(CONCURRENT);
    }
}
