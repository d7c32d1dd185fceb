package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.json.Json;
import org.mailv2.server.app.RunningServer;

/**
 * A lost laptop: alice! writes down her recovery phrase, keeps using her account (a contact pinned afterwards reaches
 * the recovery copy too), and on an empty home the phrase brings back her keys — both generations, after a rotation —
 * her contacts and her mail. A wrong or mistyped phrase, a swapped copy and a vault that holds the account change
 * nothing.
 */
class RecoveryIT {
    @TempDir
    Path dir;

    private CliWorld world;
    private RunningServer server;

    @BeforeEach
    void start() throws Exception {
        world = new CliWorld(dir);
        server = world.server("one", null, CliWorld.UNTHROTTLED);
        for (String user : List.of("alice", "bob", "carol")) {
            world.ok(user, "account", "create", user + "!", "--server", server.url(), "--yes");
        }
        world.ok("alice", "screener", "accept", "bob!");
        world.ok("alice", "screener", "accept", "carol!");
        world.ok("bob", "screener", "accept", "alice!");
    }

    @AfterEach
    void stop() {
        world.close();
    }

    private void send(String user, String to, String subject, String text) throws Exception {
        world.ok(user, "send", "--to", to, "--subject", subject, "--body-file", world.file(text));
    }

    private String text(String user, String id) throws Exception {
        return (String) Json.mapper().readValue(world.ok(user, "read", id, "--json").out(), Map.class).get("text");
    }

    private CliWorld.Run recover(String user, String phrase) {
        return world.runWith(user, Map.of("MAILV2_RECOVERY_PHRASE", phrase), "account", "recover", "alice!",
                "--server", server.url(), "--yes");
    }

    @Test
    void thePhraseBringsBackKeysContactsAndMailOnAnEmptyHome() throws Exception {
        send("bob", "alice!", "Before rotation", "Sealed to your first key.");
        world.awaitMessage("alice", "Before rotation");
        world.ok("alice", "keys", "rotate", "--yes");
        CliWorld.Run shown = world.ok("alice", "keys", "recovery-phrase", "--json");
        @SuppressWarnings("unchecked")
        List<String> words = (List<String>) Json.mapper().readValue(shown.out(), Map.class).get("words");
        assertThat(words).hasSize(24);
        assertThat(world.ok("alice", "keys", "recovery-phrase").out()).contains(" 1. " + words.get(0),
                "24. " + words.get(23));
        // Pinned after the phrase was shown: the session that pinned carol stores the copy again.
        send("carol", "alice!", "Hello from carol", "Met you at the conference.");
        world.awaitMessage("alice", "Hello from carol");
        send("bob", "alice!", "After rotation", "Sealed to your second key.");
        world.awaitMessage("alice", "After rotation");
        String phrase = String.join(" ", words);

        CliWorld.Run recovered = recover("alice-laptop", phrase.toUpperCase().replace(" ", "  "));
        assertThat(recovered.exit()).as(recovered.out()).isZero();
        assertThat(recovered.out()).contains("Recovered alice!", "1 earlier key", "2 contacts");

        List<Map<?, ?>> inbox = world.inbox("alice-laptop");
        assertThat(inbox).extracting(r -> (Object) r.get("subject")).contains("Before rotation", "After rotation",
                "Hello from carol");
        assertThat(inbox).allSatisfy(r -> assertThat(r.get("verified")).as(r.toString()).isEqualTo(true));
        String before = (String) inbox.stream().filter(r -> "Before rotation".equals(r.get("subject"))).findFirst()
                .orElseThrow().get("id");
        assertThat(text("alice-laptop", before)).contains("Sealed to your first key.");
        assertThat(world.ok("alice-laptop", "contacts", "list").out()).contains("bob!", "carol!");
        send("alice-laptop", "bob!", "From the new laptop", "Recovered.");
        assertThat(world.awaitMessage("bob", "From the new laptop").get("verified")).isEqualTo(true);
        assertThat(world.ok("alice-laptop", "keys", "recovery-phrase", "--json").out())
                .as("the same phrase, not a new one").contains(words.get(0), words.get(23));
    }

    @Test
    void aWrongPhraseAMistypedWordASwappedCopyOrAFullHomeRecoverNothing() throws Exception {
        CliWorld.Run shown = world.ok("alice", "keys", "recovery-phrase", "--json");
        @SuppressWarnings("unchecked")
        List<String> words = (List<String>) Json.mapper().readValue(shown.out(), Map.class).get("words");
        String phrase = String.join(" ", words);

        CliWorld.Run strangers = recover("mallory", String.join(" ", org.mailv2.protocol.recovery.RecoveryPhrase
                .generate(new java.security.SecureRandom()).words()));
        assertThat(strangers.exit()).isNotZero();
        assertThat(strangers.out()).contains("unauthorized");
        assertThat(world.paths("mallory").vault()).doesNotExist();

        String mistyped = phrase.replaceFirst(words.get(2), words.get(2).equals("zoo") ? "zone" : "zoo");
        CliWorld.Run typo = recover("typo", mistyped);
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.out()).containsAnyOf("checksum", "not a recovery word");
        assertThat(world.paths("typo").vault()).doesNotExist();

        CliWorld.Run full = recover("alice", phrase);
        assertThat(full.exit()).isEqualTo(2);
        assertThat(full.out()).contains("this vault holds alice! already");

        // Whoever holds the server's database swaps a byte of the sealed copy.
        try (Stream<Path> files = Files.walk(dir.resolve("one"))) {
            Path db = files.filter(p -> p.getFileName().toString().endsWith(".db")).findFirst().orElseThrow();
            try (var c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
                byte[] copy;
                try (var read = c.prepareStatement("SELECT copy FROM recovery_copies");
                     var rs = read.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    copy = rs.getBytes(1);
                }
                copy[40] ^= 1;
                try (var write = c.prepareStatement("UPDATE recovery_copies SET copy = ?")) {
                    write.setBytes(1, copy);
                    assertThat(write.executeUpdate()).isEqualTo(1);
                }
            }
        }
        CliWorld.Run swapped = recover("alice-laptop", phrase);
        assertThat(swapped.exit()).isNotZero();
        assertThat(swapped.out()).contains("decryption_failed");
        assertThat(world.paths("alice-laptop").vault()).doesNotExist();
    }
}
