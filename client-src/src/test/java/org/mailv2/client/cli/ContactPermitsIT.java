package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.server.app.RunningServer;

/**
 * Writing to someone gives them a contact permit: alice! (server A) writes to bob! (server B) with a stamp; bob
 * answers without one; alice revokes bob's permit; bob's next message is refused by alice's server on the relay,
 * and bob's client sends it again with a stamp once his postmaster tells it so; after that bob pays stamps. On one
 * server the refusal comes at once, and the client pays the stamp in the same send.
 */
class ContactPermitsIT {
    @TempDir
    Path dir;

    private CliWorld world;

    @AfterEach
    void stop() {
        world.close();
    }

    private Map<?, ?> send(String from, String to, String subject, String... more) throws Exception {
        String[] args = {"send", "--to", to, "--subject", subject, "--body-file", world.file(subject + "\n"),
            "--json"};
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(more))
                .toArray(String[]::new);
        var rows = world.ok(from, all).rows();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("outcome")).isEqualTo("delivered");
        return rows.get(0);
    }

    /** The id of the permit {@code user} issued to {@code holder}, and whether it is still active. */
    private Map<?, ?> permitFor(String user, String holder) throws Exception {
        return world.ok(user, "permits", "list", "--json").rows().stream()
                .filter(row -> holder.equals(row.get("holder"))).findFirst().orElseThrow();
    }

    @Test
    void aReplyNeedsNoStampUntilTheFirstWriterRevokes() throws Exception {
        world = new CliWorld(dir);
        RunningServer a = world.server("a", null);
        RunningServer b = world.server("b", a);
        world.ok("alice", "account", "create", "alice!", "--server", a.url(), "--yes");
        world.ok("bob", "account", "create", "bob!", "--server", b.url(), "--yes");
        world.ok("bob", "screener", "accept", "alice!"); // he expects her (see ScreenerEndToEndIT)

        assertThat(send("alice", "bob!", "Hello Bob").get("stampBits")).isEqualTo(24);
        Map<?, ?> forBob = permitFor("alice", "bob!");
        assertThat(forBob.get("purpose")).isEqualTo("contact");
        assertThat(forBob.containsKey("revokedAt")).isFalse();

        Map<?, ?> hello = world.awaitMessage("bob", "Hello Bob");
        assertThat(send("bob", "alice!", "Re: Hello Bob", "--reply-to", (String) hello.get("id")).get("stampBits"))
                .isEqualTo(0);
        world.awaitMessage("alice", "Re: Hello Bob");

        world.ok("alice", "permits", "revoke", (String) forBob.get("id"));
        assertThat(permitFor("alice", "bob!").containsKey("revokedAt")).isTrue();
        // Bob's client cannot know yet: the copy goes with the permit, and alice's server refuses it on the relay.
        assertThat(send("bob", "alice!", "Still free?").get("stampBits")).isEqualTo(0);
        CliWorld.await("bob's postmaster reports the refusal and his client pays a stamp", () ->
                world.ok("bob", "sync").out().contains(
                        "the permit for alice! was refused; sent again to alice! (24-bit stamp)"));
        world.awaitMessage("alice", "Still free?");
        assertThat(send("bob", "alice!", "Paying now").get("stampBits")).isEqualTo(24);
        // The revoked permit is not replaced behind alice's back, and bob's permit still frees her.
        assertThat(send("alice", "bob!", "Thanks").get("stampBits")).isEqualTo(0);
        assertThat(world.ok("alice", "permits", "list", "--json").rows()).hasSize(1);
    }

    @Test
    void onOneServerARefusedPermitIsReplacedByAStampInTheSameSend() throws Exception {
        world = new CliWorld(dir);
        RunningServer a = world.server("a", null);
        world.ok("alice", "account", "create", "alice!", "--server", a.url(), "--yes");
        world.ok("carol", "account", "create", "carol!", "--server", a.url(), "--yes");
        world.ok("carol", "screener", "accept", "alice!"); // she expects her (see ScreenerEndToEndIT)

        assertThat(send("alice", "carol!", "Hi Carol").get("stampBits")).isEqualTo(10);
        world.awaitMessage("carol", "Hi Carol");
        world.ok("alice", "permits", "revoke", (String) permitFor("alice", "carol!").get("id"));

        var sent = world.ok("carol", "send", "--to", "alice!", "--subject", "Hi Alice", "--body-file",
                world.file("hi\n"));
        assertThat(sent.out()).contains("alice! no longer takes our permit (permit_revoked)",
                "sent to alice! (10-bit stamp)");
        world.awaitMessage("alice", "Hi Alice");
    }
}
