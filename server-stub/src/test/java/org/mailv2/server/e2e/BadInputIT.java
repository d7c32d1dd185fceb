package org.mailv2.server.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailv2.protocol.api.SealedTransfer;
import org.mailv2.protocol.auth.AuthToken;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.Base64Url;
import org.mailv2.server.app.RunningServer;

/** Malformed, oversized, mistyped, unauthenticated and foreign requests get a 4xx with a stable code. */
class BadInputIT {
    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void malformedJsonUnknownFieldsWrongTypesAndSizesAreRefused() throws IOException {
        RunningServer server = servers.startResolver();
        RawClient raw = new RawClient(server);
        String path = "/api/v1/accounts";
        expect(raw.send("POST", path, "application/json", "{".getBytes(UTF_8)), 400, "malformed");
        expect(raw.send("POST", path, "application/json", "{\"record\":null,\"x\":1}".getBytes(UTF_8)), 400,
                "malformed");
        expect(raw.send("POST", path, "application/json", "{\"a\":1,\"a\":2}".getBytes(UTF_8)), 400, "malformed");
        expect(raw.send("POST", path, "text/plain", "{}".getBytes(UTF_8)), 400, "malformed");
        expect(raw.send("POST", path, "application/json", new byte[300 * 1024]), 413, "too_large");
        expect(raw.send("GET", "/api/v1/records/address/not-a-hash", null, null), 400, "malformed");
        expect(raw.send("GET", "/api/v1/records/address/" + Sha256.hash("nobody!").hex(), null, null), 404,
                "unknown_recipient");
        expect(raw.send("GET", "/no/such/endpoint", null, null), 404, "unknown_recipient");
    }

    @Test
    void sealedUploadsNeedAWellFormedEnvelopeOfTheRightLength() throws IOException {
        RunningServer server = servers.startResolver();
        TestAccount alice = TestAccount.register(server, "alice!");
        TestAccount bob = TestAccount.register(server, "bob!");
        TestAccount.Sealed sealed = alice.seal(bob, "s", "t");
        RawClient raw = new RawClient(server);
        byte[] content = concat(sealed.summary(), sealed.body());
        String envelope = Base64Url.encode(sealed.envelope().toJson());
        expect(raw.send("POST", "/api/v1/incoming", SealedTransfer.MEDIA_TYPE, content), 400, "malformed");
        expect(raw.send("POST", "/api/v1/incoming", SealedTransfer.MEDIA_TYPE, content,
                SealedTransfer.ENVELOPE_HEADER, "%%%"), 400, "malformed");
        expect(raw.send("POST", "/api/v1/incoming", SealedTransfer.MEDIA_TYPE,
                java.util.Arrays.copyOf(content, content.length + 1), SealedTransfer.ENVELOPE_HEADER, envelope), 422,
                "tampered");
        expect(raw.send("POST", "/api/v1/incoming", "application/json", content,
                SealedTransfer.ENVELOPE_HEADER, envelope), 400, "malformed");
        assertThat(bob.received()).isEmpty();
        expect(raw.send("POST", "/api/v1/incoming", SealedTransfer.MEDIA_TYPE, content,
                SealedTransfer.ENVELOPE_HEADER, envelope), 201, null);
        assertThat(bob.received()).hasSize(1);
    }

    @Test
    void tokensMustBeValidRecentAndForThisServer() throws IOException {
        RunningServer server = servers.startResolver();
        TestAccount alice = TestAccount.register(server, "alice!");
        RawClient raw = new RawClient(server);
        expect(raw.send("GET", "/api/v1/boxes", null, null), 401, "unauthorized");
        expect(raw.send("GET", "/api/v1/boxes", null, null, "Authorization", "Mailv2 garbage"), 401, "unauthorized");
        String foreign = AuthToken.issue(alice.signing, alice.address.hash(), Sha256.hash("other server"),
                Clock.systemUTC(), Duration.ofMinutes(5));
        expect(raw.send("GET", "/api/v1/boxes", null, null, "Authorization", "Mailv2 " + foreign), 401,
                "unauthorized");
        String expired = AuthToken.issue(alice.signing, alice.address.hash(), server.routingId(),
                Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC), Duration.ofMinutes(5));
        expect(raw.send("GET", "/api/v1/boxes", null, null, "Authorization", "Mailv2 " + expired), 401,
                "token_expired");
        TestAccount mallory = TestAccount.register(server, "mallory!");
        String forged = AuthToken.issue(mallory.signing, alice.address.hash(), server.routingId(), Clock.systemUTC(),
                Duration.ofMinutes(5));
        expect(raw.send("GET", "/api/v1/boxes", null, null, "Authorization", "Mailv2 " + forged), 401,
                "unauthorized");
        String good = AuthToken.issue(alice.signing, alice.address.hash(), server.routingId(), Clock.systemUTC(),
                Duration.ofMinutes(5));
        expect(raw.send("GET", "/api/v1/boxes", null, null, "Authorization", "Mailv2 " + good), 200, null);
    }

    @Test
    void plainHttpIsNotServed() throws IOException {
        RunningServer server = servers.startResolver();
        java.net.URL url = new java.net.URL("http://127.0.0.1:" + server.port() + "/info");
        java.net.HttpURLConnection connection = (java.net.HttpURLConnection) url.openConnection();
        connection.setConnectTimeout(5000);
        connection.setReadTimeout(5000);
        int status;
        try {
            status = connection.getResponseCode();
        } catch (IOException expected) {
            status = -1;
        }
        assertThat(status).isNotEqualTo(200);
    }

    private static void expect(RawClient.Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        if (code != null) {
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.body()).contains("\"code\":\"" + code + "\"");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
