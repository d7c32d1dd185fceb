package org.mailv2.server.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailv2.protocol.api.Problem;
import org.mailv2.protocol.api.SealedTransfer;
import org.mailv2.protocol.auth.AuthToken;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.keys.Base64Url;
import org.mailv2.server.app.RunningServer;

/**
 * Every bad input is answered: a matrix of malformed, oversized, mistyped, forged, replayed, expired and foreign
 * requests across every endpoint, each against one real server (TLS on 127.0.0.1, SQLite, real accounts and crypto).
 * Each case checks the HTTP status, the stable problem code, and that the server stored, changed and left behind
 * nothing: every table's rows and every file in the blob directory are the same before and after.
 */
class BadInputIT {
    @RegisterExtension
    final TestServers servers = new TestServers();

    /** A bad request and the answer it must get. */
    record Case(String name, Request request, int status, ErrorCode code) {
    }

    @FunctionalInterface
    interface Request {
        RawClient.Answer send() throws Exception;
    }

    @TestFactory
    Stream<DynamicNode> everyBadInputGetsItsStatusAndCodeAndChangesNothing() throws IOException {
        BadInputWorld w = BadInputWorld.create(servers);
        Map<String, List<Case>> matrix = new LinkedHashMap<>();
        matrix.put("json", BadInputCases.json(w));
        matrix.put("base64 and lengths", BadInputCases.encodings(w));
        matrix.put("signatures", SealedInputCases.signatures(w));
        matrix.put("tokens", BadInputCases.tokens(w));
        matrix.put("stamps", SealedInputCases.stamps(w));
        matrix.put("permits", SealedInputCases.permits(w));
        matrix.put("records", RecordInputCases.records(w));
        matrix.put("registration", RecordInputCases.registration(w));
        matrix.put("uploads", SealedInputCases.uploads(w));
        matrix.put("paths", BadInputCases.paths(w));
        matrix.put("moves", MoveInputCases.moves(w));
        assertThat(matrix.values().stream().mapToInt(List::size).sum()).isGreaterThanOrEqualTo(40);
        // Each case's name repeats its category: reports list the leaves only.
        return matrix.entrySet().stream().map(category -> dynamicContainer(category.getKey(), category.getValue()
                .stream().map(c -> dynamicTest(category.getKey() + ": " + c.name(), () -> check(w, c)))));
    }

    private static void check(BadInputWorld w, Case c) throws Exception {
        StoreSnapshot before = StoreSnapshot.of(w.dataDir);
        RawClient.Answer answer = c.request().send();
        assertThat(answer.status()).as("status of %s", answer).isEqualTo(c.status());
        assertThat(answer.contentType()).as("content type of %s", answer).startsWith(Problem.MEDIA_TYPE);
        Problem problem = Json.read(answer.body().getBytes(UTF_8), Problem.class);
        assertThat(problem.code()).as("code of %s", answer).isEqualTo(c.code().wire());
        assertThat(problem.status()).isEqualTo(c.status());
        assertThat(StoreSnapshot.of(w.dataDir).changesSince(before)).as("what %s changed", c.name()).isEmpty();
    }

    /** Named requests of one kind; a small builder so the case lists read as tables. */
    static final class Cases {
        private final List<Case> cases = new ArrayList<>();

        Cases add(String name, int status, ErrorCode code, Request request) {
            cases.add(new Case(name, request, status, code));
            return this;
        }

        List<Case> list() {
            return List.copyOf(cases);
        }
    }

    /** The controls: the same kinds of request, made honestly, are accepted (so the refusals mean something). */
    @Test
    void theHonestVersionsOfTheMatrixRequestsSucceed() throws IOException {
        RunningServer server = servers.startResolver();
        TestAccount alice = TestAccount.register(server, "alice!");
        TestAccount bob = TestAccount.register(server, "bob!");
        RawClient raw = new RawClient(server);
        String good = AuthToken.issue(alice.signing, alice.address.hash(), server.routingId(), Clock.systemUTC(),
                Duration.ofMinutes(5));
        assertThat(raw.send("GET", "/api/v1/boxes", null, null, "Authorization", "Mailv2 " + good).status())
                .isEqualTo(200);
        String early = AuthToken.issue(alice.signing, alice.address.hash(), server.routingId(),
                Clock.fixed(Instant.now().plus(Duration.ofSeconds(90)), ZoneOffset.UTC), Duration.ofMinutes(5));
        assertThat(raw.send("GET", "/api/v1/boxes", null, null, "Authorization", "Mailv2 " + early).status())
                .as("a token from a clock less than two minutes fast").isEqualTo(200);
        TestAccount.Sealed sealed = alice.seal(bob, "s", "t");
        byte[] content = BadInputWorld.concat(sealed.summary(), sealed.body());
        String envelope = Base64Url.encode(sealed.envelope().toJson());
        assertThat(raw.send("POST", "/api/v1/incoming", SealedTransfer.MEDIA_TYPE, content,
                SealedTransfer.ENVELOPE_HEADER, envelope).status()).isEqualTo(201);
        assertThat(bob.receivedIds()).containsExactly(sealed.messageId());
        assertThat(raw.sendChunked("POST", "/api/v1/incoming", SealedTransfer.MEDIA_TYPE, content,
                SealedTransfer.ENVELOPE_HEADER, envelope).status())
                .as("the same copy again, chunked: a duplicate").isEqualTo(200);
        assertThat(raw.raw("GET /info HTTP/1.1", null, false).status()).as("the raw client itself works")
                .isEqualTo(200);
    }

    /** The one refusal the matrix cannot make on its shared server: 429, with the wait on the wire, storing nothing. */
    @Test
    void anAccountPastItsRequestLimitIsToldWhenToComeBackAndNothingIsStored() throws Exception {
        java.nio.file.Path config = servers.init("self", null, "open");
        TestServers.editConfig(config, "requestsPerMinutePerAccount: 600", "requestsPerMinutePerAccount: 3");
        RunningServer server = servers.restart(config);
        TestAccount alice = TestAccount.register(server, "alice!");
        TestAccount bob = TestAccount.register(server, "bob!");
        RawClient raw = new RawClient(server);
        for (int i = 0; i < 3; i++) {
            assertThat(raw.send("GET", "/api/v1/boxes", null, null, "Authorization", token(server, alice)).status())
                    .isEqualTo(200);
        }
        StoreSnapshot before = StoreSnapshot.of(config.getParent());
        RawClient.Answer refused = raw.send("POST", "/api/v1/permits", "application/json",
                BadInputCases.permitJson(Base64Url.encode(new byte[16]), bob.address.hash().hex(), "contact")
                        .getBytes(UTF_8), "Authorization", token(server, alice));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(Json.read(refused.body().getBytes(UTF_8), Problem.class).code())
                .isEqualTo(ErrorCode.RATE_LIMITED.wire());
        assertThat(Integer.parseInt(refused.retryAfter())).isBetween(1, 60);
        assertThat(StoreSnapshot.of(config.getParent()).changesSince(before)).isEmpty();
        assertThat(raw.send("GET", "/api/v1/boxes", null, null, "Authorization", token(server, bob)).status())
                .as("bob's own limit is untouched").isEqualTo(200);
    }

    private static String token(RunningServer server, TestAccount account) {
        return "Mailv2 " + AuthToken.issue(account.signing, account.address.hash(), server.routingId(),
                Clock.systemUTC(), Duration.ofMinutes(5));
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
}
