package org.mailv2.client.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.client.core.account.AccountCreator;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.keyring.Contact;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.cache.Syncer;
import org.mailv2.client.core.trust.SenderTrust;
import org.mailv2.client.core.read.MailboxReader;
import org.mailv2.client.core.send.Draft;
import org.mailv2.client.core.send.SendPlan;
import org.mailv2.client.core.send.Sender;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.CertificateProbe;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.seal.Attachment;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.protocol.seal.OpenedMessage;
import org.mailv2.server.app.RunningServer;
import org.mailv2.server.app.ServerInit;

/** The client core against a real server on 127.0.0.1: create accounts, send with Cc and Bcc, list and read. */
class ClientCoreIT {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Clock clock = Clock.systemUTC();
    private final List<RunningServer> servers = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        servers.forEach(RunningServer::close);
    }

    private RunningServer server(String name) throws Exception {
        Path home = dir.resolve(name);
        var created = ServerInit.init(home, "127.0.0.1", 0, "self", null, "open", 8, 10, clock, RANDOM);
        Files.writeString(created.config(), Files.readString(created.config())
                .replace("listen: 0.0.0.0", "listen: 127.0.0.1"));
        RunningServer server = RunningServer.start(created.config(), clock);
        servers.add(server);
        return server;
    }

    private OwnAccount create(RunningServer server, String address) throws Exception {
        Sha256 pin = CertificateProbe.pinOf(server.url());
        assertThat(pin).isEqualTo(server.certificatePin());
        return new AccountCreator(clock, RANDOM, new StampSolver(1))
                .create(Address.parse(address), null, server.url(), pin, null, p -> { });
    }

    /** A box as the server lists it, each message checked as a sync checks it (nothing pinned before). */
    private List<SummaryCache.Entry> list(OwnAccount account, String box) throws Exception {
        Connection connection = Connection.open(account, clock);
        SenderTrust trust = new SenderTrust(connection.resolver(), Keyring.empty(), clock);
        List<SummaryCache.Entry> entries = new java.util.ArrayList<>();
        for (var view : connection.server().list(box, 0, 10).messages()) {
            entries.add(Syncer.check(Syncer.opener(connection), trust, view));
        }
        return entries;
    }

    @Test
    void aliceWritesToBobWithCcAndBccAndEveryoneReadsWhatTheyMay() throws Exception {
        RunningServer server = server("one");
        OwnAccount alice = create(server, "alice!");
        OwnAccount bob = create(server, "bob!");
        OwnAccount carol = create(server, "carol!");
        OwnAccount dave = create(server, "dave!");
        byte[] file = new byte[2 << 20];
        RANDOM.nextBytes(file);

        Sender sender = new Sender(clock, RANDOM, new StampSolver(2), dir.resolve("outbox"));
        Draft draft = new Draft(List.of(bob.parsedAddress()), List.of(carol.parsedAddress()),
                List.of(dave.parsedAddress()), "plans", "see attached\n",
                List.of(new Attachment("plan.bin", "application/octet-stream", ByteSource.of(file))), null, null);
        Map<String, long[]> uploads = new ConcurrentHashMap<>();
        Sender.Result result = sender.reportingUploads((what, done, total) -> uploads.put(what, new long[] {done, total}))
                .send(Connection.open(alice, clock), Keyring.empty().withAccount(alice), draft, s -> { }, p -> { });
        // Every copy's upload was reported to its end (the last report is the whole body).
        assertThat(uploads.keySet()).containsExactlyInAnyOrder("uploading to bob!", "uploading to carol!",
                "uploading to dave!", "uploading your Sent copy");
        assertThat(uploads.values()).allSatisfy(r -> {
            assertThat(r[0]).isEqualTo(r[1]);
            assertThat(r[1]).isGreaterThan(file.length);
        });
        assertThat(result.deliveries()).hasSize(3).allSatisfy(d -> assertThat(d.stampBits()).isEqualTo(10));
        assertThat(result.keyring().contacts()).extracting(Contact::address)
                .containsExactlyInAnyOrder("bob!", "carol!", "dave!");
        try (var left = Files.list(dir.resolve("outbox"))) {
            assertThat(left).as("sealed bodies are cleaned up").isEmpty();
        }

        MailboxReader reader = new MailboxReader(dir.resolve("scratch"));
        for (OwnAccount reader0 : List.of(bob, carol, dave)) {
            // alice is a stranger to them: her stamped copies wait in their screeners.
            List<SummaryCache.Entry> inbox = list(reader0, "screener");
            assertThat(inbox).singleElement().satisfies(e -> {
                assertThat(e.verified()).isTrue();
                assertThat(e.summary().from()).isEqualTo("alice!");
                assertThat(e.summary().bcc()).isEmpty();
            });
            Map<String, ByteArrayOutputStream> saved = new ConcurrentHashMap<>();
            Connection connection = Connection.open(reader0, clock);
            long[] downloaded = new long[2];
            OpenedMessage opened = reader.read(connection, UUID.fromString(inbox.get(0).messageId()),
                    (i, n, t) -> saved.computeIfAbsent(n, k -> new ByteArrayOutputStream()),
                    new SenderTrust(connection.resolver(), Keyring.empty(), clock), null, (what, done, total) -> {
                        downloaded[0] = done;
                        downloaded[1] = total;
                    }).message();
            assertThat(downloaded[0]).as("the download reported to its end").isEqualTo(downloaded[1])
                    .isGreaterThan(file.length);
            assertThat(opened.text()).isEqualTo("see attached\n");
            assertThat(saved.get("plan.bin").toByteArray()).isEqualTo(file);
            assertThat(opened.bcc()).isEmpty();
        }
        List<SummaryCache.Entry> sent = list(alice, "sent");
        assertThat(sent).singleElement().satisfies(e -> assertThat(e.summary().bcc()).containsExactly("dave!"));
    }

    @Test
    void sendingToAnAddressWithoutKeysSaysSoAndSendsNothing() throws Exception {
        RunningServer server = server("one");
        OwnAccount alice = create(server, "alice!");
        Sender sender = new Sender(clock, RANDOM, new StampSolver(1), dir.resolve("outbox"));
        Draft draft = new Draft(List.of(Address.parse("nobody!")), null, null, "hi", "x", null, null, null);
        assertThatThrownBy(() -> sender.send(Connection.open(alice, clock), Keyring.empty().withAccount(alice), draft,
                s -> { }, p -> { }))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("nobody! has not published keys")
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.UNKNOWN_RECIPIENT);
        assertThat(list(alice, "sent")).isEmpty();
    }

    @Test
    void planningASendTakesTheSameStepsAsSendingAlsoOffline() throws Exception {
        RunningServer server = server("one");
        OwnAccount alice = create(server, "alice!");
        OwnAccount bob = create(server, "bob!");
        Sender sender = new Sender(clock, RANDOM, new StampSolver(1), dir.resolve("outbox"));
        Draft draft = new Draft(List.of(bob.parsedAddress(), alice.parsedAddress()), null, null, "hi", "x", null, null,
                null);
        var online = sender.plan(Connection.open(alice, clock), Keyring.empty().withAccount(alice), draft, Map.of(),
                1e6);
        assertThat(online).extracting(SendPlan.Line::cost).containsExactly(SendPlan.Cost.STAMP, SendPlan.Cost.FREE);
        assertThat(online.get(0).bits()).isEqualTo(10);
        Keyring pinned = sender.send(Connection.open(alice, clock), Keyring.empty().withAccount(alice), draft,
                s -> { }, p -> { }).keyring();

        server.close();
        Draft toStranger = new Draft(List.of(bob.parsedAddress(), Address.parse("carol!")), null, null, "hi", "x",
                null, null, null);
        var offline = sender.plan(Connection.open(alice, clock), pinned, toStranger, Map.of(), 1e6);
        // bob's key is pinned: the copy can be sealed and waits in the outbox, as a send would do; carol is unknown.
        assertThat(offline.get(0).cost()).isEqualTo(SendPlan.Cost.STAMP);
        assertThat(offline.get(0).note()).contains("offline");
        assertThat(offline.get(1).cost()).isEqualTo(SendPlan.Cost.BLOCKED);
    }
}
