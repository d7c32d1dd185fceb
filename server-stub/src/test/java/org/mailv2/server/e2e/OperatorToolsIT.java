package org.mailv2.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailv2.protocol.api.MessageView;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.seal.DeliveryStatus;
import org.mailv2.server.app.RunningServer;
import org.mailv2.server.cli.ServerCli;
import org.mailv2.server.service.Postmaster;
import picocli.CommandLine;

/**
 * The operator's story: a server runs as its own process on 127.0.0.1 with TLS, and the operator runs
 * {@code mailv2-server accounts|invites|queue ... --config} against its database meanwhile, as on a real host.
 */
class OperatorToolsIT {
    private static final int NOT_FOUND = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final TestServers servers = new TestServers();

    private Path config;

    record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    private Run operator(String... args) {
        String[] all = Stream.concat(Stream.of(args), Stream.of("--config", config.toString())).toArray(String[]::new);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ServerCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return new Run(cli.execute(all), out.toString(), err.toString());
    }

    private String invite(String address) {
        Run run = operator("invite", address);
        assertThat(run.exit()).as(run.err()).isZero();
        return run.out().trim();
    }

    @Test
    void anOperatorManagesAccountsInvitationsAndTheQueueOfARunningServer() throws Exception {
        config = servers.init("self", null, "invite");
        ServerEndpoint home = servers.startProcess(config).endpoint();
        TestAccount alice = TestAccount.register(home, home, "alice!", invite("alice!"));
        TestAccount bob = TestAccount.register(home, home, "bob!", invite("bob!"));

        // accounts list shows them (by hash: the server never learns addresses)
        Run listed = operator("accounts", "list");
        assertThat(listed.out()).contains(alice.address.hash().hex(), bob.address.hash().hex(),
                Postmaster.addressOf(home.routingId()).display());

        // suspend: the running server refuses bob's login and mail for him, and keeps what he has
        alice.send(bob, "before", "kept while suspended");
        assertThat(operator("accounts", "suspend", "bob!").exit()).isZero();
        SingleServerIT.assertCode(() -> bob.api.account(), ErrorCode.SUSPENDED, 403);
        SingleServerIT.assertCode(() -> alice.send(bob, "during", "refused"), ErrorCode.SUSPENDED, 403);
        assertThat(operator("accounts", "show", "bob!", "--json").json().get("state").asText())
                .isEqualTo("suspended");

        // resume: both work again, and nothing was lost
        assertThat(operator("accounts", "resume", "bob!").exit()).isZero();
        alice.send(bob, "after", "welcome back");
        assertThat(bob.received()).hasSize(2);

        // invites: what was issued is listed by id; a revoked one cannot be redeemed
        String forDora = invite("dora!");
        JsonNode invites = operator("invites", "list", "--json").json();
        assertThat(invites).hasSize(3);
        assertThat(stateOf(invites, alice.address.hash().hex())).isEqualTo("redeemed");
        String doraId = idOf(invites, org.mailv2.protocol.address.Address.parse("dora!").hash().hex());
        assertThat(operator("invites", "revoke", doraId).exit()).isZero();
        SingleServerIT.assertCode(() -> TestAccount.register(home, home, "dora!", forDora), ErrorCode.FORBIDDEN, 403);
        assertThat(operator("invites", "revoke", "0123456789abcdef").exit()).isEqualTo(NOT_FOUND);

        // queue: a copy for a server that went away waits; retry makes it due now; drop bounces it to alice
        RunningServer far = servers.start(home.url(), home.certificatePin().hex(), "open");
        TestAccount carol = TestAccount.register(ServerEndpoint.of(far), home, "carol!");
        servers.stop(far);
        TestAccount.Sealed stuck = alice.send(carol, "anyone?", "your server is gone");
        JsonNode item = Eventually.await(Duration.ofSeconds(30), () -> operator("queue", "list", "--json").json(),
                q -> q.size() == 1 && q.get(0).get("attempts").asInt() >= 1).get(0);
        assertThat(item.get("messageId").asText()).isEqualTo(stuck.messageId());
        assertThat(operator("queue", "list").out()).contains(alice.address.hash().hex().substring(0, 12));
        long id = item.get("id").asLong();

        QueueTable.sqlite(config.getParent()).postpone(id, Instant.now().plus(Duration.ofHours(1)));
        int attempts = operator("queue", "list", "--json").json().get(0).get("attempts").asInt();
        assertThat(operator("queue", "retry", Long.toString(id)).exit()).isZero();
        Eventually.await(Duration.ofSeconds(30), () -> operator("queue", "list", "--json").json().get(0),
                q -> q.get("attempts").asInt() > attempts);
        assertThat(operator("queue", "retry", Long.toString(id + 1000)).exit()).isEqualTo(NOT_FOUND);

        Path blobs = config.getParent().resolve("blobs");
        long blobsBeforeDrop = countFiles(blobs);
        Run dropped = Eventually.await(Duration.ofSeconds(30), () -> operator("queue", "drop", Long.toString(id)),
                r -> r.exit() != 4);
        assertThat(dropped.exit()).as(dropped.err()).isZero();
        assertThat(operator("queue", "list", "--json").json()).isEmpty();
        List<MessageView> inbox = Eventually.await(Duration.ofSeconds(30), alice::inbox, l -> !l.isEmpty());
        TestAccount.Read notice = alice.read(inbox.get(0));
        assertThat(notice.message().from()).isEqualTo(Postmaster.addressOf(home.routingId()));
        assertThat(DeliveryStatus.parse(notice.message().text())).contains(new DeliveryStatus(
                UUID.fromString(stuck.messageId()), carol.address.hash(), "dropped"));
        assertThat(countFiles(blobs)).as("the dropped copy's body went; the notice's came")
                .isEqualTo(blobsBeforeDrop);

        // delete: bob and his mail and blobs are gone; the server no longer knows him
        long blobsBeforeDelete = countFiles(blobs);
        assertThat(operator("accounts", "delete", "bob!").exit()).isZero();
        assertThat(countFiles(blobs)).isEqualTo(blobsBeforeDelete - 2);
        Run gone = operator("accounts", "show", "bob!");
        assertThat(gone.exit()).isEqualTo(NOT_FOUND);
        assertThat(gone.err()).contains("no such account");
        SingleServerIT.assertCode(() -> bob.api.account(), ErrorCode.UNAUTHORIZED, 401);
        SingleServerIT.assertCode(() -> alice.send(bob, "hello?", "gone"), ErrorCode.UNKNOWN_RECIPIENT, 404);
        assertThat(operator("accounts", "list").out()).doesNotContain(bob.address.hash().hex());
    }

    @Test
    void mailRelayedToASuspendedAccountComesBackToItsSenderAsSuspended() throws Exception {
        RunningServer home = servers.startResolver();
        config = servers.initUsing(home);
        RunningServer far = servers.restart(config);
        TestAccount alice = TestAccount.register(home, "alice!");
        TestAccount carol = TestAccount.register(far, home, "carol!");
        assertThat(operator("accounts", "suspend", "carol!").exit()).isZero();

        TestAccount.Sealed refused = alice.send(carol, "hello", "are you there?");

        List<MessageView> inbox = Eventually.await(Duration.ofSeconds(30), alice::inbox, l -> !l.isEmpty());
        TestAccount.Read notice = alice.read(inbox.get(0));
        assertThat(DeliveryStatus.parse(notice.message().text())).contains(new DeliveryStatus(
                UUID.fromString(refused.messageId()), carol.address.hash(), "suspended"));
        assertThat(notice.message().text()).contains("suspended by its server's operator");
    }

    private static String stateOf(JsonNode invites, String addressHash) {
        for (JsonNode i : invites) {
            if (i.get("addressHash").asText().equals(addressHash)) {
                return i.get("state").asText();
            }
        }
        throw new AssertionError("no invitation for " + addressHash);
    }

    private static String idOf(JsonNode invites, String addressHash) {
        for (JsonNode i : invites) {
            if (i.get("addressHash").asText().equals(addressHash)) {
                return i.get("id").asText();
            }
        }
        throw new AssertionError("no invitation for " + addressHash);
    }

    private static long countFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).count();
        }
    }
}
