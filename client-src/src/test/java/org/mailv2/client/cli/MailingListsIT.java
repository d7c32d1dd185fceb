package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.json.Json;
import org.mailv2.server.app.RunningServer;
import org.mailv2.server.app.ServerInit;
import picocli.CommandLine;

/**
 * Recipient-controlled lists across servers: news! on server A, subscribers on B and C browse, subscribe and receive
 * posts without proof of work; one unsubscribes, and a list that keeps sending to it is refused by the subscriber's
 * own server with permit_revoked, which comes back to the list as a delivery-status message.
 */
class MailingListsIT {
    @TempDir
    Path dir;

    private final List<RunningServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(RunningServer::close);
    }

    record Run(int exit, String out) {
    }

    private Run mailv2(String home, String stdin, String... args) {
        CommandLine cli = MailCli.commandLine(Map.of("MAILV2_HOME", dir.resolve(home).toString(),
                "MAILV2_PASSPHRASE", "passphrase of " + home));
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        if (stdin != null) {
            CommandLine post = cli.getSubcommands().get("list").getSubcommands().get("post");
            ((ListCommand.Post) post.getCommand()).stdin = new ByteArrayInputStream(stdin.getBytes(
                    StandardCharsets.UTF_8));
        }
        return new Run(cli.execute(args), out.toString());
    }

    private RunningServer server(String name, RunningServer resolver) throws Exception {
        var created = ServerInit.init(dir.resolve(name), "127.0.0.1", 0, resolver == null ? "self" : resolver.url(),
                resolver == null ? null : resolver.certificatePin().hex(), "open", 8, 10, Clock.systemUTC(),
                new SecureRandom());
        Files.writeString(created.config(), Files.readString(created.config())
                .replace("listen: 0.0.0.0", "listen: 127.0.0.1"));
        RunningServer server = RunningServer.start(created.config(), Clock.systemUTC());
        servers.add(server);
        return server;
    }

    private List<Map<?, ?>> inbox(String home) throws Exception {
        Run run = mailv2(home, null, "inbox", "--json");
        assertThat(run.exit()).as(run.out()).isZero();
        List<Map<?, ?>> rows = new ArrayList<>();
        for (Object o : Json.mapper().readValue(run.out(), List.class)) {
            rows.add((Map<?, ?>) o);
        }
        return rows;
    }

    private void await(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.call()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static Predicate<Map<?, ?>> subject(String s) {
        return row -> s.equals(row.get("subject"));
    }

    @Test
    void subscribePostUnsubscribeAndTheSubscribersServerEnforcesIt() throws Exception {
        RunningServer resolver = server("resolver", null);
        RunningServer a = server("a", resolver);
        RunningServer b = server("b", resolver);
        RunningServer c = server("c", resolver);
        Run created = mailv2("owner", null, "list", "create", "news!", "--title", "Acme news", "--server", a.url(),
                "--yes");
        assertThat(created.exit()).as(created.out()).isZero();
        assertThat(mailv2("bob", null, "account", "create", "bob!", "--server", b.url(), "--yes").exit()).isZero();
        assertThat(mailv2("carol", null, "account", "create", "carol!", "--server", c.url(), "--yes").exit())
                .isZero();

        assertThat(mailv2("bob", null, "lists", "browse", a.url()).out()).contains("news!", "Acme news",
                "[verified]");
        assertThat(mailv2("bob", null, "lists", "subscribe", "news!").exit()).isZero();
        assertThat(mailv2("carol", null, "lists", "subscribe", "news!").exit()).isZero();
        assertThat(mailv2("bob", null, "lists", "subscriptions").out()).contains("news!");
        await("both requests reach the list", () -> mailv2("owner", null, "list", "subscribers", "news!").out()
                .lines().count() == 2);

        Run first = mailv2("owner", "First issue.\n", "list", "post", "news!", "--subject", "Issue 1");
        assertThat(first.exit()).as(first.out()).isZero();
        assertThat(first.out()).contains("posted to 2 of 2 subscribers");
        await("bob gets issue 1", () -> inbox("bob").stream().anyMatch(subject("Issue 1")));
        await("carol gets issue 1", () -> inbox("carol").stream().anyMatch(subject("Issue 1")));
        assertThat(inbox("carol").stream().filter(subject("Issue 1")).findFirst().orElseThrow().get("to"))
                .isEqualTo(List.of("news!"));

        assertThat(mailv2("carol", null, "permits", "list").out()).contains("list", "active");
        assertThat(mailv2("carol", null, "lists", "unsubscribe", "news!").exit()).isZero();
        assertThat(mailv2("carol", null, "permits", "list", "--json").out()).contains("\"revokedAt\"");
        // A list that ignores the request keeps carol in its set; carol's own server refuses the copy.
        Run second = mailv2("owner", "Second issue.\n", "list", "post", "news!", "--subject", "Issue 2",
                "--no-sync");
        assertThat(second.exit()).as(second.out()).isZero();
        await("bob gets issue 2", () -> inbox("bob").stream().anyMatch(subject("Issue 2")));
        await("the list learns of the refusal", () -> inbox("owner").stream()
                .anyMatch(row -> String.valueOf(row.get("subject")).startsWith("Undeliverable")));
        String noticeId = (String) inbox("owner").stream()
                .filter(row -> String.valueOf(row.get("subject")).startsWith("Undeliverable")).findFirst()
                .orElseThrow().get("id");
        assertThat(mailv2("owner", null, "read", noticeId).out()).contains("permit_revoked");
        assertThat(inbox("carol").stream().anyMatch(subject("Issue 2"))).isFalse();

        // Once the list applies carol's request, she is out of the set.
        assertThat(mailv2("owner", null, "list", "subscribers", "news!").out()).contains("bob!")
                .doesNotContain("carol!");
        assertThat(mailv2("owner", null, "list", "remove", "news!", "bob!").exit()).isZero();
        assertThat(mailv2("owner", null, "list", "subscribers", "news!").out()).doesNotContain("bob!");
    }

    @Test
    void anInviteOnlyListAdmitsOnlyTheInvited() throws Exception {
        RunningServer resolver = server("resolver", null);
        RunningServer a = server("a", resolver);
        RunningServer b = server("b", resolver);
        assertThat(mailv2("owner", null, "list", "create", "club!", "--title", "The club", "--invite-only",
                "--server", a.url(), "--yes").exit()).isZero();
        for (String user : List.of("dave", "erin", "frank")) {
            assertThat(mailv2(user, null, "account", "create", user + "!", "--server", b.url(), "--yes").exit())
                    .isZero();
        }
        assertThat(mailv2("erin", null, "lists", "browse", a.url()).out()).contains("club!", "(invite only)");
        String forErin = mailv2("owner", null, "list", "invite", "club!", "erin!").out().trim();

        assertThat(mailv2("dave", null, "lists", "subscribe", "club!").exit()).isZero();
        assertThat(mailv2("frank", null, "lists", "subscribe", "club!", "--invite", forErin).exit()).isZero();
        assertThat(mailv2("erin", null, "lists", "subscribe", "club!", "--invite", forErin).exit()).isZero();

        // Each `list subscribers` applies what arrived and files it under list-requests.
        await("all three requests are applied", () -> {
            mailv2("owner", null, "list", "subscribers", "club!");
            return mailv2("owner", null, "inbox", "--box", "list-requests").out().lines().count() == 3;
        });
        Run subscribers = mailv2("owner", null, "list", "subscribers", "club!");
        assertThat(subscribers.out().lines().toList()).containsExactly("erin!");
    }

    @Test
    void anOrganisationsListIsFoundByItsNameAndOnlyInvitedMembersSpeakForIt() throws Exception {
        RunningServer resolver = server("resolver", null);
        RunningServer a = server("a", resolver);
        RunningServer b = server("b", resolver);
        Run org = mailv2("owner", null, "org", "create", "acme", "--title", "ACME Corp.", "--server", a.url(), "--yes");
        assertThat(org.exit()).as(org.out()).isZero();
        String invitation = mailv2("owner", null, "org", "invite", "acme", "news@acme!").out().trim();
        Run list = mailv2("owner", null, "list", "create", "news@acme!", "--title", "ACME news", "--server", a.url(),
                "--yes", "--invite", invitation);
        assertThat(list.exit()).as(list.out()).isZero();
        assertThat(mailv2("bob", null, "account", "create", "bob!", "--server", b.url(), "--yes").exit()).isZero();

        Run browse = mailv2("bob", null, "lists", "browse", "acme");
        assertThat(browse.out()).contains("ACME Corp.:", "news@acme!", "ACME news", "[verified]");
        assertThat(mailv2("bob", null, "lists", "subscribe", "news@acme!").exit()).isZero();
        await("bob's request reaches the list", () -> mailv2("owner", null, "list", "subscribers", "news@acme!")
                .out().contains("bob!"));
        assertThat(mailv2("owner", "News!\n", "list", "post", "news@acme!", "--subject", "ACME issue 1").exit())
                .isZero();
        await("bob gets the post", () -> inbox("bob").stream().anyMatch(subject("ACME issue 1")));

        // eve registers eve@acme! without acme's invitation: servers cannot tell (they see hashes), clients can.
        assertThat(mailv2("eve", null, "account", "create", "eve@acme!", "--server", b.url(), "--yes").exit())
                .isZero();
        Path hello = Files.writeString(dir.resolve("hello.txt"), "hello\n");
        Run toEve = mailv2("bob", null, "send", "--to", "eve@acme!", "--subject", "hi", "--body-file",
                hello.toString());
        assertThat(toEve.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(toEve.out()).contains("eve@acme! is not a member of acme");
    }
}
