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
 * moves and deletes shows on the other after a sync, and at once in the other's terminal UI; contacts pinned and
 * subscriptions made on one are on the other; changes made on both devices at once both survive.
 */
class TwoDevicesIT {
    @TempDir
    Path dir;

    private CliWorld world;
    private RunningServer server;
    private final java.util.Map<String, String> ids = new java.util.HashMap<>();

    @BeforeEach
    void start() throws Exception {
        world = new CliWorld(dir);
        server = world.server("one", null, CliWorld.UNTHROTTLED);
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
    void pinsAndSubscriptionsOfOneDeviceReachTheOtherAndChangesMadeOnBothAtOnceBothSurvive() throws Exception {
        for (String user : List.of("carol", "dave")) {
            world.ok(user, "account", "create", user + "!", "--server", server.url(), "--yes");
            world.ok("alice", "screener", "accept", user + "!");
        }
        world.ok("bob", "list", "create", "news!", "--title", "News", "--server", server.url(), "--yes");
        world.ok("carol", "send", "--to", "alice!", "--subject", "From carol", "--body-file", world.file("Hi"));
        world.ok("dave", "send", "--to", "alice!", "--subject", "From dave", "--body-file", world.file("Hi"));

        // The laptop subscribes and stores that; the phone pins carol and dave before it has heard of it: the phone's
        // round merges the laptop's state with its own and stores both.
        world.ok("alice", "lists", "subscribe", "news!");
        world.ok("alice-phone", "sync");
        world.ok("alice", "sync");
        for (String device : List.of("alice", "alice-phone")) {
            assertThat(world.ok(device, "contacts", "list").out()).as(device).contains("bob!", "carol!", "dave!");
            assertThat(world.ok(device, "lists", "subscriptions", "--json").rows()).as(device).singleElement()
                    .satisfies(r -> assertThat(r.get("list")).isEqualTo("news!"));
        }

        // Leaving on the phone stays left on the laptop (a tombstone, not a merge that brings it back).
        world.ok("alice-phone", "lists", "unsubscribe", "news!");
        world.ok("alice", "sync");
        world.ok("alice-phone", "sync");
        for (String device : List.of("alice", "alice-phone")) {
            assertThat(world.ok(device, "lists", "subscriptions", "--json").rows()).as(device).isEmpty();
        }
    }

    @Test
    void theSubscribersOfAListRunOnOneDeviceAreOnTheOther() throws Exception {
        world.ok("alice", "list", "create", "news!", "--title", "News", "--server", server.url(), "--yes");
        world.ok("alice", "account", "use", "news!");
        @SuppressWarnings("unchecked")
        List<String> words = (List<String>) Json.mapper().readValue(
                world.ok("alice", "keys", "recovery-phrase", "--json").out(), Map.class).get("words");
        world.ok("alice", "account", "use", "alice!");
        // The phone adds the list's account to the vault it has (a second device of both accounts).
        CliWorld.Run added = world.runWith("alice-phone", Map.of("MAILV2_RECOVERY_PHRASE", String.join(" ", words)),
                "account", "recover", "news!", "--server", server.url(), "--yes");
        assertThat(added.exit()).as(added.out()).isZero();

        world.ok("bob", "lists", "subscribe", "news!");
        CliWorld.await("the laptop applies bob's request", () -> {
            world.ok("alice", "sync");
            return world.ok("alice", "list", "subscribers", "news!").out().contains("bob!");
        });
        // The laptop filed the request away: the phone learns of bob from the shared state alone.
        world.ok("alice-phone", "sync");
        assertThat(world.ok("alice-phone", "list", "subscribers", "news!").out()).contains("bob!");

        world.ok("alice", "list", "remove", "news!", "bob!");
        world.ok("alice-phone", "sync");
        assertThat(world.ok("alice-phone", "list", "subscribers", "news!").out()).doesNotContain("bob!");
    }

    @Test
    void twoDevicesStoringTheirStateAtTheSameTimeLoseNothing() throws Exception {
        var laptop = world.vault("alice");
        var phone = world.vault("alice-phone");
        laptop.unlock(world.passphrase("alice"));
        phone.unlock(world.passphrase("alice-phone"));
        org.mailv2.client.core.keyring.OwnAccount me = laptop.read().currentAccount();
        org.mailv2.protocol.address.Address alice = me.parsedAddress();
        var server = org.mailv2.client.core.account.Connection.open(me, java.time.Clock.systemUTC()).server();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
            for (var device : List.of(Map.entry("laptop", laptop), Map.entry("phone", phone))) {
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < 6; i++) {
                        String address = device.getKey() + i + "!";
                        device.getValue().update(k -> k.withContact(new org.mailv2.client.core.keyring.Contact(
                                address, me.signingKey().publicKey(), me.encryptionIdentity().recipient(), 1,
                                java.time.Instant.now(), org.mailv2.client.core.keyring.Contact.Status.PINNED)));
                        org.mailv2.client.core.account.RecoveryCopies.exchange(alice, server,
                                device.getValue()::update, new java.security.SecureRandom(),
                                java.time.Clock.systemUTC(), true);
                    }
                    return null;
                }));
            }
            for (var run : runs) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
        for (var device : List.of(laptop, phone)) {
            org.mailv2.client.core.account.RecoveryCopies.exchange(alice, server, device::update,
                    new java.security.SecureRandom(), java.time.Clock.systemUTC(), true);
        }
        for (var device : List.of(laptop, phone)) {
            var contacts = device.read().contacts().stream().map(org.mailv2.client.core.keyring.Contact::address)
                    .toList();
            for (int i = 0; i < 6; i++) {
                assertThat(contacts).contains("laptop" + i + "!", "phone" + i + "!");
            }
        }
        laptop.close();
        phone.close();
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
