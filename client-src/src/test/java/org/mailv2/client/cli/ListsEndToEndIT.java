package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.client.core.account.AccountCreator;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.send.Delivery;
import org.mailv2.client.core.send.Draft;
import org.mailv2.client.core.send.Sender;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.CertificateProbe;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.server.app.RunningServer;

/**
 * Issue 6 in one go, through the real {@code mailv2} command: the organisation acme runs news@acme! on server A;
 * bob! (server B) and carol! (server C) find it by acme's name, subscribe, and receive a post without proof of
 * work; carol unsubscribes, and the next post (sent before the list applied her request) reaches only bob while
 * carol's server refuses her copy with {@code permit_revoked}, which comes back to the list; her revoked permit
 * replayed by another account is refused too; the invite-only club@acme! turns away dave! and admits the invited
 * erin!; eve@acme!, registered without acme's invitation, is refused by every client. Then 1,000 more subscribers on
 * server B (made through the client core, see {@link ListReaders}) join news@acme!, and a post reaches all of them
 * without proof of work; where its time goes is printed for BENCHMARKS.md.
 */
class ListsEndToEndIT {
    private static final int CROWD = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    private CliWorld world;
    private RunningServer a;
    private RunningServer b;
    private RunningServer c;

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void acmesListsFromBrowsingToAThousandSubscribers() throws Exception {
        world = new CliWorld(dir);
        // The crowd and the relays all come from 127.0.0.1.
        a = world.server("a", null, CliWorld.UNTHROTTLED);
        b = world.server("b", a, CliWorld.UNTHROTTLED);
        c = world.server("c", a);
        world.ok("owner", "org", "create", "acme", "--title", "ACME Corp.", "--server", a.url(), "--yes");
        createList("news@acme!", "ACME news");
        createList("club@acme!", "ACME club", "--invite-only");
        world.ok("bob", "account", "create", "bob!", "--server", b.url(), "--yes");
        world.ok("carol", "account", "create", "carol!", "--server", c.url(), "--yes");

        browseSubscribeAndReceive();
        PermitId carols = carolLeavesAndHerServerEnforcesIt();
        aRevokedPermitReplayedByAnotherAccountIsRefused(carols);
        anInviteOnlyListAdmitsOnlyTheInvited();
        onlyInvitedMembersSpeakForAcme();
        aPostReachesAThousandSubscribers();
    }

    private void createList(String address, String title, String... options) throws Exception {
        String invitation = world.ok("owner", "org", "invite", "acme", address).out().trim();
        List<String> args = new ArrayList<>(List.of("list", "create", address, "--title", title, "--server",
                a.url(), "--yes", "--invite", invitation));
        args.addAll(List.of(options));
        world.ok("owner", args.toArray(String[]::new));
    }

    private void browseSubscribeAndReceive() throws Exception {
        assertThat(world.ok("bob", "lists", "browse", "acme").out()).contains("ACME Corp.:", "news@acme!",
                "ACME news", "[verified]", "club@acme!", "(invite only)");
        world.ok("bob", "lists", "subscribe", "news@acme!");
        world.ok("carol", "lists", "subscribe", "news@acme!");
        // `mailv2 sync` applies the requests of every list the owner runs.
        ownerSyncsUntil("list news@acme!: 2 subscribers");
        // The same, for scripts.
        Map<?, ?> browsed = org.mailv2.protocol.json.Json.mapper().readValue(
                world.ok("bob", "lists", "browse", "acme", "--json").out(), Map.class);
        assertThat(browsed.get("organisation")).isEqualTo("ACME Corp.");
        Map<?, ?> news = ((List<?>) browsed.get("lists")).stream().map(Map.class::cast)
                .filter(l -> "news@acme!".equals(l.get("address"))).findFirst().orElseThrow();
        assertThat(news.get("verified")).isEqualTo(true);
        assertThat(news.get("inviteOnly")).isEqualTo(false);
        assertThat(world.ok("bob", "lists", "subscriptions", "--json").rows()).singleElement()
                .satisfies(row -> assertThat(row.get("list")).isEqualTo("news@acme!"));
        assertThat(world.ok("owner", "list", "subscribers", "news@acme!", "--json").rows())
                .map(row -> String.valueOf(row.get("address"))).containsExactlyInAnyOrder("bob!", "carol!");

        assertThat(post("Issue 1")).contains("posted to 2 of 2 subscribers",
                "2 of them with their permits (no proof of work)");
        world.awaitMessage("bob", "Issue 1");
        assertThat(world.awaitMessage("carol", "Issue 1").get("to")).isEqualTo(List.of("news@acme!"));
    }

    private PermitId carolLeavesAndHerServerEnforcesIt() throws Exception {
        assertThat(world.ok("carol", "permits", "list").out()).contains("list", "news@acme!", "active");
        Object id = world.ok("carol", "permits", "list", "--json").rows().stream()
                .filter(row -> "news@acme!".equals(row.get("holder"))).findFirst().orElseThrow().get("id");
        world.ok("carol", "lists", "unsubscribe", "news@acme!");
        Map<?, ?> revoked = world.ok("carol", "permits", "list", "--json").rows().stream()
                .filter(row -> id.equals(row.get("id"))).findFirst().orElseThrow();
        assertThat(revoked.get("revokedAt")).isNotNull();

        // The list has not applied carol's request yet and still posts to her; her own server refuses the copy.
        assertThat(post("Issue 2", "--no-sync")).contains("posted to 2 of 2 subscribers");
        world.awaitMessage("bob", "Issue 2");
        CliWorld.await("the refusal comes back to the list", () -> world.inbox("owner").stream()
                .anyMatch(row -> String.valueOf(row.get("subject")).startsWith("Undeliverable")));
        String notice = (String) world.inbox("owner").stream()
                .filter(row -> String.valueOf(row.get("subject")).startsWith("Undeliverable")).findFirst()
                .orElseThrow().get("id");
        assertThat(world.ok("owner", "read", notice).out()).contains("Code: permit_revoked",
                Address.parse("carol!").hash().hex());
        assertThat(world.message("carol", "Issue 2")).isEmpty();
        // The owner's client applied carol's request in its sync round (the `inbox` calls above run it too).
        assertThat(world.ok("owner", "sync").out()).contains("list news@acme!: 1 subscriber");
        assertThat(world.ok("owner", "list", "subscribers", "news@acme!").out()).doesNotContain("carol!");
        return new PermitId((String) revoked.get("id"));
    }

    /** mallory! on carol's server sends her a message naming the permit carol gave the list. */
    private void aRevokedPermitReplayedByAnotherAccountIsRefused(PermitId carols) throws Exception {
        Clock clock = Clock.systemUTC();
        OwnAccount mallory = new AccountCreator(clock, RANDOM, new StampSolver(1)).create(Address.parse("mallory!"),
                null, c.url(), CertificateProbe.pinOf(c.url()), null, p -> { });
        Address carol = Address.parse("carol!");
        Sender.Result replay = new Sender(clock, RANDOM, new StampSolver(1), dir.resolve("mallory-outbox")).send(
                Connection.open(mallory, clock), Keyring.empty().withAccount(mallory), new Draft(List.of(carol), null,
                        null, "Issue 2, again", "free mail?\n", null, null, null), Map.of(carol, carols), null,
                Sender.Exemptions.GIVEN_ONLY, s -> { }, p -> { });
        assertThat(replay.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.outcome()).isEqualTo(Delivery.Outcome.REFUSED);
            assertThat(d.refusal()).isEqualTo("permit_mismatch");
        });
        assertThat(world.message("carol", "Issue 2, again")).isEmpty();
    }

    private void anInviteOnlyListAdmitsOnlyTheInvited() throws Exception {
        world.ok("dave", "account", "create", "dave!", "--server", b.url(), "--yes");
        world.ok("erin", "account", "create", "erin!", "--server", c.url(), "--yes");
        String forErin = world.ok("owner", "list", "invite", "club@acme!", "erin!").out().trim();
        world.ok("dave", "lists", "subscribe", "club@acme!");
        world.ok("erin", "lists", "subscribe", "club@acme!", "--invite", forErin);
        ownerSyncsUntil("not admitted (no valid invitation): dave!", "joined: erin!");
        assertThat(world.ok("owner", "list", "subscribers", "club@acme!").out().lines().toList())
                .containsExactly("erin!");
        world.ok("owner", "list", "remove", "club@acme!", "erin!");
        assertThat(world.ok("owner", "list", "subscribers", "club@acme!").out()).doesNotContain("erin!");
    }

    /** Servers see only hashes and cannot tell that eve@acme! has no invitation from acme; every client can. */
    private void onlyInvitedMembersSpeakForAcme() throws Exception {
        world.ok("eve", "account", "create", "eve@acme!", "--server", b.url(), "--yes");
        var toEve = world.run("bob", "send", "--to", "eve@acme!", "--subject", "hi", "--body-file", world.file("hi\n"));
        assertThat(toEve.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(toEve.out()).contains("eve@acme! is not a member of acme");
    }

    private void aPostReachesAThousandSubscribers() throws Exception {
        long started = System.nanoTime();
        List<ListReaders.Reader> crowd = joinNews(CROWD);
        long setup = System.nanoTime() - started;

        var before = a.relayStats();
        started = System.nanoTime();
        String posted = post("Issue 3", "--no-sync");
        long posting = System.nanoTime() - started;
        assertThat(posted).contains("posted to " + (CROWD + 1) + " of " + (CROWD + 1) + " subscribers",
                (CROWD + 1) + " of them with their permits");
        CliWorld.await("the relay hands all copies to server B",
                () -> a.relayStats().delivered() - before.delivered() >= CROWD + 1);
        long relayed = System.nanoTime() - started;
        var after = a.relayStats();
        assertThat(after.gaveUp()).isEqualTo(before.gaveUp());
        Clock clock = Clock.systemUTC();
        for (ListReaders.Reader reader : List.of(crowd.get(0), crowd.get(CROWD - 1))) {
            assertThat(Connection.open(reader.account(), clock).server().list("inbox", 0, 10).messages())
                    .hasSize(1);
        }
        world.awaitMessage("bob", "Issue 3");

        long copies = after.delivered() - before.delivered();
        long accepting = after.deliverNanos() - before.deliverNanos();
        System.out.printf("""
                ListsEndToEndIT: a post of news@acme! (server A) to bob! and %d subscribers on server B
                  setting up the %d subscribers (register, list permit at B; 2 threads): %d ms
                  `mailv2 list post` (vault opened and saved once, about 0.7 s): %d ms
                %s
                  relay A -> B, %d copies, 2 workers: the last accepted %d ms after the post began, %d ms after \
                it returned
                  recipient acceptance at B (verify the envelope against the resolver, check the permit, store): \
                %d ms summed over the workers, %.1f ms a copy%n""",
                CROWD, CROWD, setup / 1_000_000, posting / 1_000_000, posted.strip().lines()
                        .map(l -> "    " + l.strip()).reduce((x, y) -> x + "\n" + y).orElse(""),
                copies, relayed / 1_000_000, (relayed - posting) / 1_000_000, accepting / 1_000_000,
                accepting / 1e6 / copies);
    }

    /** {@code count} accounts on server B, each with a list permit for news@acme! at B, in its subscriber set. */
    private List<ListReaders.Reader> joinNews(int count) throws Exception {
        Address news = Address.parse("news@acme!");
        List<ListReaders.Reader> readers = ListReaders.create(b, news, "reader", count);
        ListReaders.subscribe(world, "owner", news, readers);
        return readers;
    }

    private String post(String subject, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("list", "post", "news@acme!", "--subject", subject,
                "--body-file", world.file(subject + " of ACME news.\n")));
        args.addAll(List.of(options));
        return world.ok("owner", args.toArray(String[]::new)).out();
    }

    /** Runs the owner's `mailv2 sync` until its reports, together, contain every one of {@code expected}. */
    private void ownerSyncsUntil(String... expected) throws Exception {
        StringBuilder reports = new StringBuilder();
        CliWorld.await("the owner's sync reports " + String.join(", ", expected), () -> {
            reports.append(world.ok("owner", "sync").out());
            return java.util.Arrays.stream(expected).allMatch(e -> reports.toString().contains(e));
        });
    }
}
