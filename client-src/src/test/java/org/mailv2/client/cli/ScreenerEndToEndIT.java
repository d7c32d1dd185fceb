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
    private RunningServer server;

    @BeforeEach
    void start() throws Exception {
        world = new CliWorld(dir);
        // A server whose own minimum for a first contact is 8 bits (recipients may ask more).
        Map<String, String> config = new java.util.HashMap<>(CliWorld.UNTHROTTLED);
        config.put("messageBits: 10", "messageBits: 8");
        server = world.server("one", null, config);
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

        // The note goes free, under the contact permit alice's own first message carried.
        assertThat(world.ok("bob", "screener", "accept", "alice!").out())
                .contains("accepted alice!: 1 message(s) moved to the inbox", "contact permit: sent to alice! (permit)");
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
    void carolAsksFourteenBitsOnAServerThatAsksEightAndAFirstMessagePaysFourteen() throws Exception {
        world.ok("carol", "account", "create", "carol!", "--server", server.url(), "--yes");
        assertThat(world.ok("carol", "account", "set", "--stamp-bits", "14").out())
                .contains("stamp bits asked of strangers: 14");

        assertThat(world.ok("alice", "send", "--to", "carol!", "--subject", "Worth it", "--body-file",
                world.file("paid in full\n")).out()).contains("sent to carol! (14-bit stamp)");
        CliWorld.Run again = world.ok("alice", "send", "--json", "--to", "carol!", "--subject", "Still a stranger",
                "--body-file", world.file("carol has not answered, so this pays too\n"));
        assertThat(again.rows()).singleElement().satisfies(row -> assertThat(row.get("stampBits")).isEqualTo(14));
        assertThat(screened("carol")).extracting(row -> (Object) row.get("subject"))
                .containsExactlyInAnyOrder("Worth it", "Still a stranger");
        // (A 12-bit stamp to carol is refused by her server: ScreenerIT.)

        assertThat(world.run("carol", "account", "set", "--stamp-bits", "99").exit()).isEqualTo(2);
        assertThat(world.ok("carol", "account", "set", "--stamp-bits", "server").out())
                .contains("stamp bits asked of strangers: the server's");
        CliWorld.Run cheaper = world.ok("mallory", "send", "--json", "--to", "carol!", "--subject", "Cheaper now",
                "--body-file", world.file("the server's price\n"));
        assertThat(cheaper.rows()).singleElement().satisfies(row -> assertThat(row.get("stampBits")).isEqualTo(8));
    }

    @Test
    void acceptingQuietlySendsNoNoteAndARevokedPermitIsGrantedAgain() throws Exception {
        send("alice", "bob!", "Hello Bob", "hello\n");
        screened("bob");
        assertThat(world.ok("bob", "screener", "accept", "alice!", "--no-permit").out())
                .contains("accepted alice!: 1 message(s) moved to the inbox").doesNotContain("contact permit");
        assertThat(world.inbox("alice")).isEmpty();

        // Bob wrote to alice later; then he revoked her permit, and grants a new one.
        send("bob", "alice!", "Re: Hello Bob", "hi alice\n");
        String permit = world.ok("bob", "permits", "list", "--json").rows().stream()
                .filter(row -> "alice!".equals(row.get("holder"))).map(row -> (String) row.get("id")).findFirst()
                .orElseThrow();
        world.ok("bob", "permits", "revoke", permit);
        assertThat(world.run("bob", "permits", "grant", "bob!").exit()).isEqualTo(2);
        assertThat(world.ok("bob", "permits", "grant", "alice!").out()).contains("contact permit: sent to alice!");
        List<Map<?, ?>> permits = world.ok("bob", "permits", "list", "--json").rows();
        assertThat(permits).filteredOn(row -> "alice!".equals(row.get("holder")))
                .singleElement().satisfies(row -> {
                    assertThat(row.get("id")).isNotEqualTo(permit);
                    assertThat(row.containsKey("revokedAt")).isFalse();
                });
        assertThat(world.message("alice", "A new contact permit from bob!")).isPresent();
        CliWorld.Run answer = world.ok("alice", "send", "--json", "--to", "bob!", "--subject", "Thanks",
                "--body-file", world.file("free again\n"));
        assertThat(answer.rows()).singleElement().satisfies(row -> assertThat(row.get("stampBits")).isEqualTo(0));
        assertThat(world.run("bob", "permits", "grant", "alice!").exit()).as("she holds an active one").isEqualTo(2);
    }

    @Test
    void reportingAMessageTrashesItAndBlocksItsSender() throws Exception {
        send("mallory", "bob!", "Buy now", "cheap watches\n");
        String id = (String) screened("bob").get(0).get("id");

        assertThat(world.ok("bob", "report", id).out())
                .contains("reported: the message is in the trash; mallory! is blocked");

        assertThat(screened("bob")).isEmpty();
        assertThat(world.ok("bob", "blocks", "list", "--json").rows()).extracting(row -> (Object) row.get("address"))
                .containsExactly("mallory!");
        CliWorld.Run refused = world.run("mallory", "send", "--json", "--to", "bob!", "--subject", "Again",
                "--body-file", world.file("still cheap\n"));
        assertThat(refused.rows()).singleElement().satisfies(row -> assertThat(row.get("reason")).isEqualTo("blocked"));
    }

    private void send(String user, String to, String subject, String text) throws Exception {
        world.ok(user, "send", "--to", to, "--subject", subject, "--body-file", world.file(text));
    }

    private List<Map<?, ?>> screened(String user) throws Exception {
        return world.ok(user, "screener", "list", "--json").rows();
    }
}
