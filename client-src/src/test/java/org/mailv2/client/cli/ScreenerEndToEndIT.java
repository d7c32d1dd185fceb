package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.address.Address;
import org.mailv2.server.app.RunningServer;

/**
 * Strangers wait at the door: alice's first message waits in bob's screener until he accepts her, and then her mail
 * comes straight in; mallory is declined, and her next message is refused as {@code blocked}, which her own
 * {@code send --json} shows. Everything through the real {@code mailv2} command against a real server.
 */
class ScreenerEndToEndIT {
    @TempDir
    Path dir;

    private CliWorld world;

    @BeforeEach
    void start() throws Exception {
        world = new CliWorld(dir);
        RunningServer server = world.server("one", null, CliWorld.UNTHROTTLED);
        for (String user : List.of("alice", "bob", "mallory")) {
            world.ok(user, "account", "create", user + "!", "--server", server.url(), "--yes");
        }
    }

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void bobAcceptsAliceFromHisScreenerAndDeclinesMalloryWhoseNextMessageIsRefusedAsBlocked() throws Exception {
        send("alice", "bob!", "Hello Bob", "we met at the conference\n");
        assertThat(world.inbox("bob")).isEmpty();
        List<Map<?, ?>> waiting = screened("bob");
        assertThat(waiting).singleElement().satisfies(row -> {
            assertThat(row.get("from")).isEqualTo("alice!");
            assertThat(row.get("subject")).isEqualTo("Hello Bob");
            assertThat(row.get("verified")).isEqualTo(true);
        });

        assertThat(world.ok("bob", "screener", "accept", "alice!", "--give-permit").out())
                .contains("accepted alice!: 1 message(s) moved to the inbox", "contact permit: sent to alice!");
        assertThat(screened("bob")).isEmpty();
        assertThat(world.message("bob", "Hello Bob")).hasValueSatisfying(
                row -> assertThat(row.get("verified")).isEqualTo(true));

        // Bob's note with the permit is in alice's inbox (she wrote to him first); her answers now need no stamp.
        assertThat(world.message("alice", "You are through to bob!")).isPresent();
        CliWorld.Run again = world.ok("alice", "send", "--json", "--to", "bob!", "--subject", "Again", "--body-file",
                world.file("straight in now\n"));
        assertThat(again.rows()).singleElement().satisfies(row -> assertThat(row.get("stampBits")).isEqualTo(0));
        assertThat(world.message("bob", "Again")).isPresent();
        assertThat(screened("bob")).isEmpty();

        send("mallory", "bob!", "Buy now", "cheap watches\n");
        assertThat(screened("bob")).extracting(row -> (Object) row.get("subject")).containsExactly("Buy now");
        assertThat(world.ok("bob", "screener", "decline", "mallory!").out())
                .contains("declined mallory!: blocked, 1 waiting message(s) deleted");
        assertThat(screened("bob")).isEmpty();
        assertThat(world.ok("bob", "blocks", "list", "--json").rows()).singleElement().satisfies(row -> {
            assertThat(row.get("address")).isEqualTo("mallory!");
            assertThat(row.get("senderHash")).isEqualTo(Address.parse("mallory!").hash().hex());
        });

        CliWorld.Run refused = world.run("mallory", "send", "--json", "--to", "bob!", "--subject", "Buy again",
                "--body-file", world.file("still cheap\n"));
        assertThat(refused.exit()).as(refused.out()).isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.rows()).singleElement().satisfies(row -> {
            assertThat(row.get("recipient")).isEqualTo("bob!");
            assertThat(row.get("outcome")).isEqualTo("refused");
            assertThat(row.get("reason")).isEqualTo("blocked");
        });
        assertThat(screened("bob")).isEmpty();
        assertThat(world.inbox("bob")).extracting(row -> (Object) row.get("subject")).containsExactlyInAnyOrder(
                "Hello Bob", "Again");

        world.ok("bob", "blocks", "remove", "mallory!");
        assertThat(world.ok("bob", "blocks", "list", "--json").rows()).isEmpty();
        send("mallory", "bob!", "Sorry", "one more try\n");
        assertThat(screened("bob")).extracting(row -> (Object) row.get("subject")).containsExactly("Sorry");
    }

    @Test
    void bobTurnsHisScreenerOffAndStrangersComeStraightIn() throws Exception {
        assertThat(world.ok("bob", "account", "set").out()).contains("screener: on");
        assertThat(world.ok("bob", "account", "set", "--screener", "off").out()).contains("screener: off");

        send("alice", "bob!", "Hello Bob", "no screener\n");

        assertThat(world.message("bob", "Hello Bob")).isPresent();
        assertThat(screened("bob")).isEmpty();
    }

    @Test
    void whomBobWritesToFirstIsLetInWhenTheyAnswerWithAStamp() throws Exception {
        send("bob", "alice!", "Hello Alice", "bob writes first\n");
        // Alice lets bob in without syncing, so her client has not learnt the permit bob gave her: she pays a stamp,
        // and bob's server lets her in because bob's client allowed her when he wrote.
        world.ok("alice", "screener", "accept", "bob!");

        CliWorld.Run answer = world.ok("alice", "send", "--json", "--to", "bob!", "--subject", "Re: Hello Alice",
                "--body-file", world.file("hi bob\n"));
        assertThat(answer.rows()).singleElement().satisfies(row -> assertThat((Integer) row.get("stampBits"))
                .isPositive());

        assertThat(world.message("bob", "Re: Hello Alice")).isPresent();
        assertThat(screened("bob")).isEmpty();
    }

    @Test
    void bobSetsHisPriceAndStrangersPayIt() throws Exception {
        // The servers here ask 10 bits of a first contact; bob asks 12 in his address record.
        assertThat(world.ok("bob", "account", "set", "--stamp-bits", "12").out())
                .contains("stamp bits asked of strangers: 12");

        CliWorld.Run paid = world.ok("alice", "send", "--json", "--to", "bob!", "--subject", "Worth it",
                "--body-file", world.file("paid in full\n"));

        assertThat(paid.rows()).singleElement().satisfies(row -> assertThat(row.get("stampBits")).isEqualTo(12));
        assertThat(screened("bob")).extracting(row -> (Object) row.get("subject")).containsExactly("Worth it");
        assertThat(world.run("bob", "account", "set", "--stamp-bits", "99").exit()).isEqualTo(2);
        assertThat(world.ok("bob", "account", "set", "--stamp-bits", "server").out())
                .contains("stamp bits asked of strangers: the server's");
    }

    private void send(String user, String to, String subject, String text) throws Exception {
        world.ok(user, "send", "--to", to, "--subject", subject, "--body-file", world.file(text));
    }

    private List<Map<?, ?>> screened(String user) throws Exception {
        return world.ok(user, "screener", "list", "--json").rows();
    }
}
