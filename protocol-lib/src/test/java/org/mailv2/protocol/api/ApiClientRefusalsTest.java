package org.mailv2.protocol.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailv2.protocol.error.ErrorCode;

/** How the API client turns a server's answers into passing and permanent {@link ApiException}s (real TLS). */
class ApiClientRefusalsTest {
    private final MockWebServer server = new MockWebServer();
    private final AtomicInteger tokens = new AtomicInteger();
    private ApiClient client;

    @BeforeEach
    void start() throws IOException {
        HeldCertificate certificate = new HeldCertificate.Builder().addSubjectAlternativeName("localhost")
                .addSubjectAlternativeName("127.0.0.1").build();
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(certificate).build().sslSocketFactory());
        server.start();
        client = ApiClient.connect(server.url("/").toString(), CertificatePin.of(certificate.certificate()))
                .withToken(() -> "token-" + tokens.incrementAndGet());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static MockResponse problem(int status, String code) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", Problem.MEDIA_TYPE)
                .body("{\"type\":\"https://mailv2.org/problems/" + code + "\",\"title\":\"t\",\"status\":" + status
                        + ",\"detail\":\"d\",\"code\":\"" + code + "\"}").build();
    }

    private ApiException refusal() {
        try {
            client.permits();
        } catch (ApiException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError("a network failure, not an answer", e);
        }
        throw new AssertionError("the request succeeded");
    }

    @Test
    void aRateLimitCarriesTheServersRetryAfterAndIsPassing() {
        server.enqueue(new MockResponse.Builder(problem(429, "rate_limited")).addHeader("Retry-After", "7").build());
        ApiException e = refusal();
        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(e.isPassing()).isTrue();
    }

    @Test
    void anUnavailableServerWithoutAProblemDocumentIsPassingWithItsRetryAfter() {
        server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "2").body("busy").build());
        ApiException e = refusal();
        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(e.isPassing()).isTrue();
    }

    @Test
    void aRetryAfterOnAnyOtherStatusOrAsADateIsIgnored() {
        server.enqueue(new MockResponse.Builder(problem(403, "forbidden")).addHeader("Retry-After", "9").build());
        assertThat(refusal().retryAfter()).isNull();
        server.enqueue(new MockResponse.Builder(problem(429, "rate_limited"))
                .addHeader("Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT").build());
        assertThat(refusal().retryAfter()).isNull();
    }

    @ParameterizedTest
    @CsvSource({"500, internal, true", "502, internal, true", "507, quota_exceeded, true",
        "403, permit_revoked, false", "403, permit_mismatch, false", "403, bad_signature, false",
        "402, pow_required, false", "402, stamp_expired, false", "413, too_large, false",
        "404, unknown_recipient, false", "403, forbidden, false", "400, malformed, false", "409, conflict, false"})
    void serverAnswersAreClassifiedAsPassingOrPermanent(int status, String code, boolean passing) {
        server.enqueue(problem(status, code));
        ApiException e = refusal();
        assertThat(e.code().wire()).isEqualTo(code);
        assertThat(e.isPassing()).as(code).isEqualTo(passing);
    }

    @Test
    void aRefusedTokenIsRetriedOnceAtOnceWithAFreshOne() throws Exception {
        server.enqueue(problem(401, "token_expired"));
        server.enqueue(new MockResponse.Builder().code(200).body("[]").build());
        assertThat(client.permits()).isEmpty();
        String first = server.takeRequest().getHeaders().get("Authorization");
        String second = server.takeRequest().getHeaders().get("Authorization");
        assertThat(first).isEqualTo("Mailv2 token-1");
        assertThat(second).isEqualTo("Mailv2 token-2");
    }

    @Test
    void aSecondRefusedTokenIsTheAnswerAndIsPassing() {
        server.enqueue(problem(401, "unauthorized"));
        server.enqueue(problem(401, "unauthorized"));
        server.enqueue(new MockResponse.Builder().code(200).body("[]").build());
        ApiException e = refusal();
        assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(e.isPassing()).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aDroppedConnectionIsAPassingNetworkFailure() {
        server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
        server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
        IOException failure = null;
        try {
            client.permits();
        } catch (IOException e) {
            failure = e;
        }
        assertThat(failure).isNotNull().isNotInstanceOf(ApiException.class);
        assertThat(ApiException.isPassing(failure)).isTrue();
        assertThat(ApiException.isPassing(new ApiException(ErrorCode.PERMIT_REVOKED, 403, "revoked", null)))
                .isFalse();
    }
}
