package org.mailv2.client.core.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.CertificatePin;
import org.mailv2.protocol.api.Problem;
import org.mailv2.protocol.api.SealedTransfer;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.pow.StampHeader;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.protocol.seal.InnerMessage;
import org.mailv2.protocol.seal.MessageSealer;
import org.mailv2.protocol.seal.SealedMessage;

/**
 * The local outbox against a server (MockWebServer over real TLS, trusted by pin) that answers what a busy, failing or
 * refusing own server answers: a copy is dropped only on a permanent refusal.
 */
class OutboxTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    private static final int BITS = 4;
    private final Address alice = Address.parse("alice!");
    private final SigningPrivateKey key = SigningPrivateKey.generate(RANDOM);
    private final MockWebServer server = new MockWebServer();
    private final List<Duration> pauses = new ArrayList<>();

    @TempDir
    Path dir;

    private Connection connection;

    @BeforeEach
    void start() throws Exception {
        HeldCertificate certificate = new HeldCertificate.Builder().addSubjectAlternativeName("localhost")
                .addSubjectAlternativeName("127.0.0.1").build();
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(certificate).build().sslSocketFactory());
        server.start();
        OwnAccount account = new OwnAccount("alice!", null, server.url("/").toString(),
                CertificatePin.of(certificate.certificate()), Sha256.hash("routing"), null, null, key.secretText(),
                EncryptionIdentity.generate(RANDOM).secretText(), T0);
        connection = Connection.open(account, Clock.fixed(T0, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Sender sender(Instant now, Duration maxWait) {
        return new Sender(Clock.fixed(now, ZoneOffset.UTC), RANDOM, new StampSolver(1), dir, maxWait, pauses::add);
    }

    private Sender sender() {
        return sender(T0, Duration.ofSeconds(30));
    }

    /** A committed copy from alice to {@code to}, paid with a stamp of {@code stampDay}, as a send leaves it. */
    private Path copyTo(String to, LocalDate stampDay) throws Exception {
        Address recipient = Address.parse(to);
        InnerMessage message = new InnerMessage(alice, null, List.of(recipient), List.of(), List.of(), "hi", T0,
                "m@alice", null, List.of(), null, "hello", List.of());
        try (Outbox.Pending pending = new Outbox(dir).begin()) {
            SealedMessage sealed;
            try (OutputStream out = pending.body()) {
                sealed = new MessageSealer(key.keyId(), RANDOM).seal(message, recipient,
                        EncryptionIdentity.generate(RANDOM).recipient(), out);
            }
            Stamp stamp = new StampSolver(1).solve(new StampHeader(BITS, stampDay, alice.hash(), recipient.hash(),
                    sealed.envelope().digest()), 0, p -> { });
            Envelope envelope = sealed.envelope().sign(key, stamp, null);
            return pending.commit("alice!", recipient, envelope, sealed.summaryCiphertext(), false);
        }
    }

    private Path copyTo(String to) throws Exception {
        return copyTo(to, LocalDate.of(2026, 11, 28));
    }

    @Test
    void aHeldBackCopyWaitsOnlyOnceRevealedAndOneAbandonedByACrashIsRemovedAfterAnHour() throws Exception {
        Path sent = copyTo("bob!");
        Path heldBack = Files.move(sent, dir.resolve(Outbox.HELD_BACK + sent.getFileName()));
        Outbox outbox = new Outbox(dir, java.time.Clock.fixed(java.time.Instant.now(), java.time.ZoneOffset.UTC));
        assertThat(outbox.pending("alice!")).as("held back: no flush sends it").isEmpty();

        Outbox.Stored revealed = outbox.reveal(new Outbox.Stored(heldBack,
                org.mailv2.protocol.seal.Envelope.parse(Files.readAllBytes(heldBack.resolve("envelope.json"))),
                Address.parse("bob!")));
        assertThat(outbox.pending("alice!")).containsExactly(revealed.dir());

        Path abandoned = Files.move(copyTo("carol!"), dir.resolve(Outbox.HELD_BACK + "abandoned"));
        assertThat(outbox.pending("alice!")).hasSize(1);
        assertThat(abandoned).as("a running send's is left alone").exists();
        Files.setLastModifiedTime(abandoned, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(Duration.ofHours(2))));
        outbox.pending("alice!");
        assertThat(abandoned).doesNotExist();
    }

    private static MockResponse problem(int status, String code) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", Problem.MEDIA_TYPE)
                .body("{\"type\":\"https://mailv2.org/problems/" + code + "\",\"title\":\"t\",\"status\":" + status
                        + ",\"detail\":\"d\",\"code\":\"" + code + "\"}").build();
    }

    private static MockResponse accepted() {
        return new MockResponse.Builder().code(201).body("").build();
    }

    private static Envelope envelopeOf(RecordedRequest request) {
        return Envelope.parse(Base64.getUrlDecoder().decode(request.getHeaders().get(SealedTransfer.ENVELOPE_HEADER)));
    }

    /** What a busy, failing, full or unreachable own server answers: the copy must stay. */
    enum PassingAnswer {
        RATE_LIMITED_LONGER_THAN_THE_BUDGET("rate_limited") {
            @Override
            void enqueue(MockWebServer server) {
                server.enqueue(new MockResponse.Builder(problem(429, "rate_limited")).addHeader("Retry-After", "120")
                        .build());
            }
        },
        RATE_LIMITED_WITHOUT_RETRY_AFTER("rate_limited") {
            @Override
            void enqueue(MockWebServer server) {
                server.enqueue(problem(429, "rate_limited"));
            }
        },
        SERVER_ERROR("internal") {
            @Override
            void enqueue(MockWebServer server) {
                server.enqueue(problem(500, "internal"));
            }
        },
        STORAGE_FULL("quota_exceeded") {
            @Override
            void enqueue(MockWebServer server) {
                server.enqueue(problem(507, "quota_exceeded"));
            }
        },
        TOKEN_REFUSED_TWICE("unauthorized") {
            @Override
            void enqueue(MockWebServer server) {
                server.enqueue(problem(401, "unauthorized"));
                server.enqueue(problem(401, "unauthorized"));
            }
        },
        DROPPED_CONNECTION(Pacing.UNREACHABLE) {
            @Override
            void enqueue(MockWebServer server) {
                // OkHttp may try a dropped request once more on a new connection: both are dropped.
                for (int i = 0; i < 2; i++) {
                    server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket())
                            .build());
                }
            }
        };

        final String reason;

        PassingAnswer(String reason) {
            this.reason = reason;
        }

        abstract void enqueue(MockWebServer server);
    }

    @ParameterizedTest
    @EnumSource(PassingAnswer.class)
    void aPassingAnswerKeepsTheCopyQueuedWithWhy(PassingAnswer answer) throws Exception {
        Path copy = copyTo("bob!");
        answer.enqueue(server);

        Sender.Flushed flushed = sender().flush(connection);

        assertThat(flushed.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.outcome()).isEqualTo(Delivery.Outcome.QUEUED);
            assertThat(d.reason()).isEqualTo(answer.reason);
            assertThat(d.recipient()).isEqualTo(Address.parse("bob!"));
        });
        assertThat(copy).isDirectory();
        assertThat(new Outbox(dir).pending("alice!")).containsExactly(copy);
        assertThat(pauses).isEmpty();
    }

    @Test
    void aPermanentRefusalDropsTheCopyAndIsReportedForItsRecipient() throws Exception {
        Path copy = copyTo("bob!");
        server.enqueue(problem(403, "permit_revoked"));

        Sender.Flushed flushed = sender().flush(connection);

        assertThat(flushed.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.outcome()).isEqualTo(Delivery.Outcome.REFUSED);
            assertThat(d.refusal()).isEqualTo("permit_revoked");
            assertThat(d.recipient()).isEqualTo(Address.parse("bob!"));
        });
        assertThat(copy).doesNotExist();
        assertThat(new Outbox(dir).pending("alice!")).isEmpty();
    }

    @Test
    void aStaleTokenIsRetriedOnceWithAFreshOneAndTheCopyGoes() throws Exception {
        Path copy = copyTo("bob!");
        server.enqueue(problem(401, "token_expired"));
        server.enqueue(accepted());

        Sender.Flushed flushed = sender().flush(connection);

        assertThat(flushed.with(Delivery.Outcome.DELIVERED)).hasSize(1);
        assertThat(copy).doesNotExist();
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aShortRetryAfterIsWaitedOutAndTheRestGoesOn() throws Exception {
        copyTo("bob!");
        copyTo("carol!");
        server.enqueue(new MockResponse.Builder(problem(429, "rate_limited")).addHeader("Retry-After", "3").build());
        server.enqueue(accepted());
        server.enqueue(accepted());

        Sender.Flushed flushed = sender().flush(connection);

        assertThat(flushed.with(Delivery.Outcome.DELIVERED)).hasSize(2);
        assertThat(pauses).containsExactly(Duration.ofSeconds(3));
        assertThat(new Outbox(dir).pending("alice!")).isEmpty();
    }

    @Test
    void waitsAreBoundedPerGoAndPastTheBoundTheRestWaitsWithoutAnotherRequest() throws Exception {
        copyTo("bob!");
        copyTo("carol!");
        copyTo("dave!");
        server.enqueue(new MockResponse.Builder(problem(429, "rate_limited")).addHeader("Retry-After", "20").build());
        server.enqueue(accepted());
        server.enqueue(new MockResponse.Builder(problem(429, "rate_limited")).addHeader("Retry-After", "20").build());

        Sender.Flushed flushed = sender().flush(connection);

        assertThat(pauses).containsExactly(Duration.ofSeconds(20)); // 20 more would pass the 30 s budget
        assertThat(flushed.with(Delivery.Outcome.DELIVERED)).hasSize(1);
        assertThat(flushed.with(Delivery.Outcome.QUEUED)).hasSize(2)
                .allSatisfy(d -> assertThat(d.reason()).isEqualTo("rate_limited"));
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(new Outbox(dir).pending("alice!")).hasSize(2);
    }

    @Test
    void aTornCopyIsQuarantinedAndTheOthersStillGo() throws Exception {
        Path torn = copyTo("bob!");
        Path cut = copyTo("carol!");
        Path whole = copyTo("dave!");
        Files.writeString(torn.resolve(Outbox.ENVELOPE), "{\"version\":");
        Files.write(cut.resolve(Outbox.BODY), new byte[3]);
        server.enqueue(accepted());

        Sender.Flushed flushed = sender().flush(connection);

        assertThat(flushed.quarantined()).containsExactlyInAnyOrder(torn.getFileName().toString(),
                cut.getFileName().toString());
        assertThat(flushed.deliveries()).singleElement()
                .satisfies(d -> assertThat(d.recipient()).isEqualTo(Address.parse("dave!")));
        assertThat(whole).doesNotExist();
        assertThat(dir.resolve(Outbox.QUARANTINE).resolve(torn.getFileName())).isDirectory();
        assertThat(dir.resolve(Outbox.QUARANTINE).resolve(cut.getFileName())).isDirectory();
        assertThat(new Outbox(dir).pending("alice!")).isEmpty();
    }

    @Test
    void aCopyHeldPastItsStampsDayWindowGoesWithAFreshStampAndTheSameCiphertexts() throws Exception {
        Path copy = copyTo("bob!", LocalDate.of(2026, 11, 28));
        Envelope old = Envelope.parse(Files.readAllBytes(copy.resolve(Outbox.ENVELOPE)));
        server.enqueue(accepted());

        Sender.Flushed flushed = sender(T0.plus(Duration.ofDays(3)), Duration.ofSeconds(30)).flush(connection);

        assertThat(flushed.with(Delivery.Outcome.DELIVERED)).hasSize(1);
        Envelope sent = envelopeOf(server.takeRequest());
        assertThat(sent.messageId()).isNotEqualTo(old.messageId());
        assertThat(sent.stamp().header().date()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(sent.stamp().header().bits()).isEqualTo(BITS);
        assertThat(sent.bodySha256()).isEqualTo(old.bodySha256());
        assertThat(sent.summarySha256()).isEqualTo(old.summarySha256());
        sent.verifySignature(key.publicKey());
    }

    @Test
    void aStampStillInsideItsWindowGoesUnderItsOwnEnvelopeIdSoTheServerCanTellARepeat() throws Exception {
        Path copy = copyTo("bob!", LocalDate.of(2026, 11, 28));
        Envelope old = Envelope.parse(Files.readAllBytes(copy.resolve(Outbox.ENVELOPE)));
        server.enqueue(accepted());

        sender(T0.plus(Duration.ofDays(2)), Duration.ofSeconds(30)).flush(connection);

        assertThat(envelopeOf(server.takeRequest()).messageId()).isEqualTo(old.messageId());
    }

    @Test
    void aStampTheServerCallsExpiredIsReplacedOnce() throws Exception {
        Path copy = copyTo("bob!");
        Envelope old = Envelope.parse(Files.readAllBytes(copy.resolve(Outbox.ENVELOPE)));
        server.enqueue(problem(402, "stamp_expired"));
        server.enqueue(accepted());

        Sender.Flushed flushed = sender().flush(connection);

        assertThat(flushed.with(Delivery.Outcome.DELIVERED)).hasSize(1);
        assertThat(envelopeOf(server.takeRequest()).messageId()).isEqualTo(old.messageId());
        assertThat(envelopeOf(server.takeRequest()).messageId()).isNotEqualTo(old.messageId());
        assertThat(new Outbox(dir).pending("alice!")).isEmpty();
    }
}
