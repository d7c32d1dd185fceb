package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.client.tui.TuiHarness;
import org.mailv2.protocol.json.Json;
import org.mailv2.server.app.RunningServer;

/**
 * One account on two devices: alice!'s laptop, and her phone set up from the recovery phrase. What one device flags,
 * moves and deletes shows on the other after a sync, and at once in the other's terminal UI; changes made on both
 * devices meanwhile both survive.
 */
class TwoDevicesIT {
    @TempDir
    Path dir;

    private CliWorld world;
    private final java.util.Map<String, String> ids = new java.util.HashMap<>();

    @BeforeEach
    void start() throws Exception {
        world = new CliWorld(dir);
        RunningServer server = world.server("one", null, CliWorld.UNTHROTTLED);
        world.ok("alice", "account", "create", "alice!", "--server", server.url(), "--yes");
        world.ok("bob", "account", "create", "bob!", "--server", server.url(), "--yes");
        world.ok("alice", "screener", "accept", "bob!");
        for (String subject : List.of("One", "Two", "Three", "Four", "Five")) {
            world.ok("bob", "send", "--to", "alice!", "--subject", subject, "--body-file", world.file(subject));
        }
        world.awaitMessage("alice", "Five");
        for (Map<?, ?> row : world.inbox("alice")) {
            ids.put((String) row.get("subject"), (String) row.get("id"));
        }
        @SuppressWarnings("unchecked")
        List<String> words = (List<String>) Json.mapper().readValue(
                world.ok("alice", "keys", "recovery-phrase", "--json").out(), Map.class).get("words");
        CliWorld.Run phone = world.runWith("alice-phone", Map.of("MAILV2_RECOVERY_PHRASE", String.join(" ", words)),
                "account", "recover", "alice!", "--server", server.url(), "--yes");
        assertThat(phone.exit()).as(phone.out()).isZero();
        assertThat(world.inbox("alice-phone")).hasSize(5);
    }

    @AfterEach
    void stop() {
        world.close();
    }

    private Map<?, ?> cached(String user, String box, String subject) throws Exception {
        return world.ok(user, "inbox", "--box", box, "--offline", "--json").rows().stream()
                .filter(r -> subject.equals(r.get("subject"))).findFirst().orElse(null);
    }

    @Test
    void flagsMovesAndDeletesOnOneDeviceShowOnTheOtherAfterASyncAndBothDevicesChangesSurvive() throws Exception {
        world.ok("alice", "flag", ids.get("One"), "--flagged");
        world.ok("alice", "move", ids.get("Two"), "archive");
        world.ok("alice", "delete", ids.get("Three"), "--purge");
        // The phone changes something else meanwhile, before it heard of the laptop's changes.
        world.ok("alice-phone", "flag", ids.get("Four"), "--seen");

        world.ok("alice-phone", "sync");
        world.ok("alice", "sync");
        for (String device : List.of("alice", "alice-phone")) {
            assertThat(cached(device, "inbox", "One")).as(device).isNotNull()
                    .satisfies(r -> assertThat(String.valueOf(r.get("flags"))).contains("flagged"));
            assertThat(cached(device, "inbox", "Two")).as(device).isNull();
            assertThat(cached(device, "archive", "Two")).as(device).isNotNull();
            assertThat(cached(device, "inbox", "Three")).as(device).isNull();
            assertThat(cached(device, "trash", "Three")).as(device).isNull();
            assertThat(cached(device, "inbox", "Four")).as(device).isNotNull()
                    .satisfies(r -> assertThat(String.valueOf(r.get("flags"))).contains("seen"));
        }
    }

    @Test
    void theOtherDevicesTerminalUiFollowsAtOnce() throws Exception {
        try (TuiHarness phone = new TuiHarness(world.paths("alice-phone"), world.passphrase("alice-phone"), 140,
                40)) {
            phone.awaitText("Five");
            phone.await("the live stream", s -> s.contains("online"));
            world.ok("alice", "move", ids.get("Five"), "archive");
            phone.await("Five gone from the phone's inbox", s -> !s.contains("Five"));
            world.ok("alice", "delete", ids.get("Four"), "--purge");
            phone.await("Four gone from the phone's inbox", s -> !s.contains("Four"));
            assertThat(phone.screenText()).contains("One");
        }
    }
}
