package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.keyring.KeyringStore;
import org.mailv2.client.core.move.AccountMove;
import org.mailv2.client.core.session.ClientSession;
import org.mailv2.client.core.send.Draft;
import org.mailv2.client.core.send.Sender;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.ApiClient;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.api.MessageView;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.server.app.RunningServer;

/**
 * The story: alice! on server B, with 200 messages, moves to server C while bob! (on the resolver's server R)
 * keeps writing to her. Every message — old, sent during the move, sent after it — is in her mailbox on C exactly
 * once; mail from a list she joined at B still comes in free; bob's client does nothing special; carol!, who stays on
 * B, reaches her through B's outbox; and once B's grace period is over (B's clock is moved a month on), B answers
 * {@code moved} and bob's relay, which still remembers B as her server, resolves her again and delivers to C. Also: a
 * move killed half-way goes on when run again (and streams a 48 MiB message), and a list moves with its descriptor.
 */
class AccountMoveIT {
    private static final int OLD_MESSAGES = 200;
    private static final Address ALICE = Address.parse("alice!");

    @TempDir
    Path dir;

    private CliWorld world;
    private final Jump bClock = new Jump();

    @AfterEach
    void stop() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void aliceMovesToAnotherServerWhileBobKeepsWritingAndEveryMessageArrivesExactlyOnce() throws Exception {
        world = new CliWorld(dir);
        // R is the resolver and hosts bob and the list; its relay remembers where recipients live for an hour.
        Map<String, String> rConfig = new HashMap<>(CliWorld.UNTHROTTLED);
        rConfig.put("routeCacheSeconds: 300", "routeCacheSeconds: 3600");
        RunningServer r = world.server("r", null, rConfig);
        RunningServer b = world.server("b", r, CliWorld.UNTHROTTLED, Clock.systemUTC(), bClock);
        RunningServer c = world.server("c", r, CliWorld.UNTHROTTLED);
        world.ok("alice", "account", "create", "alice!", "--server", b.url(), "--yes");
        world.ok("carol", "account", "create", "carol!", "--server", b.url(), "--yes");
        world.ok("bob", "account", "create", "bob!", "--server", r.url(), "--yes");
        world.ok("owner", "list", "create", "news!", "--title", "News", "--server", r.url(), "--yes");
        world.ok("alice", "screener", "accept", "bob!");
        world.ok("bob", "screener", "accept", "alice!");
        world.ok("alice", "screener", "accept", "carol!");
        world.ok("alice", "lists", "subscribe", "news!");
        CliWorld.await("the list takes alice", () -> world.ok("owner", "sync").out()
                .contains("list news!: 1 subscriber"));
        world.ok("alice", "send", "--to", "bob!", "--subject", "from alice at B", "--body-file", world.file("hi\n"));
        // Her message carries a contact permit she issued bob at B: his client writes to her without proof of work.
        world.awaitMessage("bob", "from alice at B");

        Set<String> expected = Collections.synchronizedSet(new HashSet<>());
        try (Bob bob = new Bob(world)) {
            for (int i = 0; i < OLD_MESSAGES; i++) {
                expected.add(bob.send("old " + i));
            }
            Set<String> atB = awaitSubjects("alice", expected);
            assertThat(atB).hasSize(OLD_MESSAGES);
            List<String> idsAtB = envelopeIds("alice");

            // bob writes on while alice moves.
            AtomicBoolean moving = new AtomicBoolean(true);
            AtomicReference<Exception> failed = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; moving.get() || i < 5; i++) {
                        expected.add(bob.send("during " + i));
                    }
                } catch (Exception e) {
                    failed.set(e);
                }
            });
            writer.start();
            CliWorld.Run moved = world.ok("alice", "account", "move", "--to", c.url(), "--yes", "--json");
            moving.set(false);
            writer.join();
            assertThat(failed.get()).isNull();
            Map<?, ?> outcome = org.mailv2.protocol.json.Json.mapper().readValue(moved.out(), Map.class);
            assertThat(outcome.get("server")).isEqualTo(c.url());
            assertThat((Integer) outcome.get("copied")).isGreaterThanOrEqualTo(OLD_MESSAGES + 1);
            assertThat(outcome.get("unverified")).isEqualTo(0);
            assertThat(world.ok("alice", "account", "list", "--json").rows()).singleElement()
                    .satisfies(row -> assertThat(row.get("server")).isEqualTo(c.url()));
            // Within the grace period bob's relay still sends to B (it remembers her there): B forwards.
            long forwardedBefore = b.relayStats().delivered();
            expected.add(bob.send("forwarded by B"));
            awaitSubjects("alice", expected);
            assertThat(b.relayStats().delivered()).isGreaterThan(forwardedBefore);
            // carol stays on B: her copy leaves through B's outbox and relay.
            world.ok("carol", "send", "--to", "alice!", "--subject", "from carol at B", "--body-file",
                    world.file("hello\n"));
            expected.add("from carol at B");
            Set<String> atC = awaitSubjects("alice", expected);
            assertThat(envelopeIds("alice")).containsAll(idsAtB).doesNotHaveDuplicates();
            assertThat(atC).containsAll(atB);
            assertThat(sentSubjects()).contains("from alice at B");
            // The list she joined at B reaches her at C with the permit she gave it there: no proof of work.
            world.ok("owner", "list", "post", "news!", "--subject", "Issue 1", "--body-file", world.file("news\n"));
            expected.add("Issue 1");
            awaitSubjects("alice", expected);
            MessageView post = atServer("Issue 1");
            assertThat(post.envelope().permitId()).isNotNull();
            assertThat(post.envelope().stamp()).isNull();
            // A month later B no longer forwards: it answers `moved`, and bob's relay resolves alice again.
            bClock.jump(Duration.ofDays(31));
            ApiClient oldServer = ApiClient.connect(b.url(), b.certificatePin());
            Connection atCConnection = aliceAtC();
            MessageView any = atCConnection.server().list("inbox", 0, 1).messages().get(0);
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            atCConnection.server().body(UUID.fromString(any.envelope().messageId()), body);
            assertThatThrownBy(() -> oldServer.deliver(any.envelope(), any.summaryBytes(),
                    ByteSource.of(body.toByteArray())))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MOVED);
                        assertThat(e.status()).isEqualTo(410);
                        assertThat(e.isPassing()).isTrue();
                    });
            expected.add(bob.send("after the grace period"));
            Set<String> finalSubjects = awaitSubjects("alice", expected);
            assertThat(finalSubjects).isEqualTo(expected);
            // bob's client wrote with the contact permit alice issued him at B; C took it, as the same permit.
            assertThat(atServer("after the grace period").envelope().permitId()).isNotNull();
            assertThat(atServer("during 0").envelope().permitId()).isNotNull();
        }
    }

    @Test
    void aMoveCutOffHalfWayGoesOnWhereItStoppedWhenRunAgain() throws Exception {
        world = new CliWorld(dir);
        RunningServer r = world.server("r", null, CliWorld.UNTHROTTLED);
        RunningServer b = world.server("b", r, CliWorld.UNTHROTTLED);
        RunningServer c = world.server("c", r, CliWorld.UNTHROTTLED);
        world.ok("alice", "account", "create", "alice!", "--server", b.url(), "--yes");
        world.ok("bob", "account", "create", "bob!", "--server", r.url(), "--yes");
        // One of them carries 48 MiB: the move streams it (this JVM has a heap of 112 MiB).
        Path big = dir.resolve("big.bin");
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(big)) {
            byte[] chunk = new byte[1 << 20];
            for (int i = 0; i < 48; i++) {
                new SecureRandom().nextBytes(chunk);
                out.write(chunk);
            }
        }
        for (int i = 0; i < 3; i++) {
            List<String> args = new ArrayList<>(List.of("send", "--to", "bob!", "--subject", "sent " + i,
                    "--body-file", world.file("x\n")));
            if (i == 2) {
                args.addAll(List.of("--attach", big.toString()));
            }
            world.ok("alice", args.toArray(String[]::new));
        }

        // The process dies after two messages were copied.
        try (ClientSession session = session("alice")) {
            AccountMove.Progress dies = new AccountMove.Progress() {
                @Override
                public void moved(String what, long done, long total) {
                }

                @Override
                public void message(int done, int total) {
                    if (done == 2) {
                        throw new IllegalStateException("killed");
                    }
                }
            };
            assertThatThrownBy(() -> new AccountMove(session).move(new AccountMove.Target(c.url(),
                    c.certificatePin(), null), dies)).hasMessage("killed");
        }
        ApiClient resolver = ApiClient.connect(r.url(), r.certificatePin());
        assertThat(resolver.address(ALICE.hash()).orElseThrow().routingId()).as("nothing published yet")
                .isEqualTo(b.routingId());
        assertThat(world.ok("alice", "account", "list", "--json").rows().get(0).get("server")).isEqualTo(b.url());

        Map<?, ?> outcome = org.mailv2.protocol.json.Json.mapper().readValue(world.ok("alice", "account", "move",
                "--to", c.url(), "--pin", c.certificatePin().hex(), "--json").out(), Map.class);
        assertThat(outcome.get("copied")).isEqualTo(1);
        assertThat(outcome.get("present")).isEqualTo(2);
        assertThat(resolver.address(ALICE.hash()).orElseThrow().routingId()).isEqualTo(c.routingId());
        assertThat(sentSubjects()).containsExactlyInAnyOrder("sent 0", "sent 1", "sent 2");
        Object bigId = world.ok("alice", "inbox", "--box", "sent", "--json").rows().stream()
                .filter(row -> "sent 2".equals(row.get("subject"))).findFirst().orElseThrow().get("id");
        Path saved = dir.resolve("saved");
        world.ok("alice", "read", (String) bigId, "--save-attachments", saved.toString());
        assertThat(saved.resolve("big.bin")).hasSameBinaryContentAs(big);
        // Run once more, it finds the account moved: nothing to do.
        assertThat(world.run("alice", "account", "move", "--to", c.url(), "--yes").out()).contains("already");
    }

    @Test
    void aListMovesWithItsDescriptorAndItsSubscribersKeepGettingItsPosts() throws Exception {
        world = new CliWorld(dir);
        RunningServer r = world.server("r", null, CliWorld.UNTHROTTLED);
        RunningServer b = world.server("b", r, CliWorld.UNTHROTTLED);
        RunningServer c = world.server("c", r, CliWorld.UNTHROTTLED);
        world.ok("owner", "list", "create", "news!", "--title", "News", "--server", b.url(), "--yes");
        world.ok("bob", "account", "create", "bob!", "--server", r.url(), "--yes");
        world.ok("bob", "lists", "subscribe", "news!");
        CliWorld.await("the list takes bob", () -> world.ok("owner", "sync").out()
                .contains("list news!: 1 subscriber"));

        world.ok("owner", "account", "move", "--to", c.url(), "--yes");

        assertThat(ApiClient.connect(c.url(), c.certificatePin()).directory())
                .extracting(org.mailv2.protocol.lists.ListDescriptor::address).containsExactly("news!");
        assertThat(ApiClient.connect(b.url(), b.certificatePin()).directory()).isEmpty();
        world.ok("owner", "list", "post", "news!", "--subject", "Issue 2", "--body-file", world.file("news\n"));
        assertThat(world.awaitMessage("bob", "Issue 2").get("to")).isEqualTo(List.of("news!"));
    }

    /**
     * Polls alice's mailbox (inbox and screener, through her client's sync) until every expected subject is there;
     * fails when a subject is there twice.
     */
    private Set<String> awaitSubjects(String user, Set<String> expected) throws Exception {
        Set<String>[] seen = new Set[1];
        CliWorld.await(user + " has every message", () -> {
            List<String> subjects = subjects(user);
            assertThat(subjects).as("no message twice").doesNotHaveDuplicates();
            seen[0] = new HashSet<>(subjects);
            return seen[0].containsAll(expected);
        });
        return seen[0];
    }

    private List<String> subjects(String user) throws Exception {
        try (ClientSession session = session(user)) {
            session.sync("inbox");
            List<String> out = new ArrayList<>();
            for (String box : List.of("inbox", "screener")) {
                for (SummaryCache.Entry e : session.cache().list(session.account(), box, 100_000)) {
                    assertThat(e.verified()).as(e.messageId()).isTrue();
                    out.add(e.summary().subject());
                }
            }
            return out;
        }
    }

    private List<String> sentSubjects() throws Exception {
        try (ClientSession session = session("alice")) {
            session.sync("sent");
            return session.cache().list(session.account(), "sent", 100_000).stream()
                    .map(e -> e.summary().subject()).toList();
        }
    }

    private List<String> envelopeIds(String user) throws Exception {
        try (ClientSession session = session(user)) {
            session.sync("inbox");
            List<String> out = new ArrayList<>();
            for (String box : List.of("inbox", "screener")) {
                session.cache().list(session.account(), box, 100_000).forEach(e -> out.add(e.messageId()));
            }
            return out;
        }
    }

    /** The message with this subject as alice's new server lists it. */
    private MessageView atServer(String subject) throws Exception {
        String id;
        try (ClientSession session = session("alice")) {
            id = session.cache().list(session.account(), "inbox", 100_000).stream()
                    .filter(e -> subject.equals(e.summary().subject())).findFirst().orElseThrow().messageId();
        }
        return aliceAtC().server().message(UUID.fromString(id));
    }

    private Connection aliceAtC() throws Exception {
        try (ClientSession session = session("alice")) {
            return Connection.open(session.me(), Clock.systemUTC());
        }
    }

    private ClientSession session(String user) throws Exception {
        KeyringStore store = world.vault(user);
        return new ClientSession(world.paths(user), store, store.unlock(world.passphrase(user)), Clock.systemUTC(),
                new SecureRandom(), new StampSolver(1));
    }

    /**
     * bob's ordinary client, in this process: one session, each message sent as `mailv2 send` sends it (the keyring
     * it changes is kept in memory rather than saved after each message: saving derives the vault key afresh).
     */
    private final class Bob implements AutoCloseable {
        private final ClientSession session;
        private org.mailv2.client.core.keyring.Keyring keyring;

        Bob(CliWorld world) throws Exception {
            this.session = session("bob");
            this.keyring = session.keyring();
        }

        synchronized String send(String subject) throws Exception {
            Draft draft = new Draft(List.of(ALICE), List.of(), List.of(), subject, subject + "\n", List.of(), null,
                    null);
            Sender.Result result = session.sender().send(session.connection(), keyring, draft, s -> { }, p -> { });
            keyring = keyring.withContactsFrom(result.keyring());
            return subject;
        }

        @Override
        public void close() {
            session.close();
        }
    }

    /** A server's clock that the test moves on by hand (B's, to pass its grace period). */
    private static final class Jump extends Clock {
        private final AtomicLong offsetMillis = new AtomicLong();

        void jump(Duration by) {
            offsetMillis.addAndGet(by.toMillis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plusMillis(offsetMillis.get());
        }
    }
}
