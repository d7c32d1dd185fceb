package org.mailv2.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailv2.protocol.api.ApiClient;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.api.NewMailEvent;
import org.mailv2.protocol.api.NewMailListener;
import org.mailv2.protocol.auth.AuthToken;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.server.app.RunningServer;

/** The server-sent-events stream tells a reader about new mail as it arrives, and only its own. */
class NewMailEventsIT {
    @RegisterExtension
    final TestServers servers = new TestServers();

    private static final class Recorder implements NewMailListener {
        final BlockingQueue<NewMailEvent> events = new LinkedBlockingQueue<>();
        final BlockingQueue<Exception> closed = new LinkedBlockingQueue<>();

        @Override
        public void onNewMail(NewMailEvent event) {
            events.add(event);
        }

        @Override
        public void onClosed(Exception failure) {
            closed.add(failure == null ? new Exception("closed") : failure);
        }
    }

    @Test
    void bobHearsOfAlicesMessageAsItArrives() throws Exception {
        RunningServer server = servers.startResolver();
        TestAccount alice = TestAccount.register(server, "alice!");
        TestAccount bob = TestAccount.register(server, "bob!");
        // Events announce the inbox only: a stranger waiting in the screener does not ring. Bob knows alice.
        bob.api.allow(alice.address.hash());
        TestAccount.Sealed earlier = alice.send(bob, "before subscribing", "1");

        Recorder bobs = new Recorder();
        Recorder alices = new Recorder();
        try (AutoCloseable streamB = bob.api.events(0, bobs); AutoCloseable streamA = alice.api.events(0, alices)) {
            NewMailEvent first = bobs.events.poll(10, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(first.messageId()).isEqualTo(earlier.envelope().messageId());

            TestAccount.Sealed later = alice.send(bob, "while subscribed", "2");
            NewMailEvent second = bobs.events.poll(10, TimeUnit.SECONDS);
            assertThat(second).isNotNull();
            assertThat(second.messageId()).isEqualTo(later.envelope().messageId());
            assertThat(second.box()).isEqualTo("inbox");
            assertThat(second.sequence()).isGreaterThan(first.sequence());
            assertThat(alices.events).isEmpty();
        }
    }

    @Test
    void bobHoldsEightStreamsAndTheNinthIsRefusedAsRateLimitedWhileAliceStillGetsHers() throws Exception {
        RunningServer server = servers.startResolver();
        TestAccount alice = TestAccount.register(server, "alice!");
        TestAccount bob = TestAccount.register(server, "bob!");
        bob.api.allow(alice.address.hash());
        alice.api.allow(bob.address.hash());
        alice.send(bob, "waiting", "1");
        bob.send(alice, "waiting too", "2");
        RawClient raw = new RawClient(server);

        List<RawClient.Open> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                RawClient.Open open = raw.open(EVENTS, "Authorization", token(bob), "Accept", "text/event-stream");
                streams.add(open);
                assertThat(open.response().code()).as("stream %d", i + 1).isEqualTo(200);
                assertThat(firstEvent(open.response())).isEqualTo("event: message");
            }
            try (RawClient.Open ninth = raw.open(EVENTS, "Authorization", token(bob), "Accept",
                    "text/event-stream")) {
                assertThat(ninth.response().code()).isEqualTo(429);
                assertThat(ninth.response().body().string()).contains("\"code\":\"rate_limited\"");
            }
            RawClient.Open alices = raw.open(EVENTS, "Authorization", token(alice), "Accept", "text/event-stream");
            streams.add(alices);
            assertThat(alices.response().code()).isEqualTo(200);
            assertThat(firstEvent(alices.response())).isEqualTo("event: message");
        } finally {
            streams.forEach(RawClient.Open::close);
        }
    }

    private static final String EVENTS = "/api/v1/events?after=0";

    private static String token(TestAccount account) {
        return "Mailv2 " + AuthToken.issue(account.signing, account.address.hash(), account.home.routingId(),
                Clock.systemUTC(), Duration.ofMinutes(5));
    }

    /** The first event line of a stream (comments and blank lines skipped). */
    private static String firstEvent(Response stream) throws IOException {
        String line;
        do {
            line = stream.body().source().readUtf8LineStrict();
        } while (!line.startsWith("event:"));
        return line;
    }

    @Test
    void aStreamWithoutValidCredentialsIsRefused() throws Exception {
        RunningServer server = servers.startResolver();
        Recorder recorder = new Recorder();
        try (AutoCloseable stream = ApiClient.connect(server.url(), server.certificatePin()).events(0, recorder)) {
            Exception failure = recorder.closed.poll(10, TimeUnit.SECONDS);
            assertThat(failure).isInstanceOf(ApiException.class);
            assertThat(((ApiException) failure).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        }
    }
}
