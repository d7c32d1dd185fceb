package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.keyring.Contact;
import org.mailv2.client.core.keyring.KeyGeneration;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.AddressRecordSubmission;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.server.app.RunningServer;
import org.mailv2.server.app.ServerInit;

/**
 * Key rotation end to end: alice! (on server B, whose resolver is R) rotates her keys twice, moving to server C in
 * between, while mail to and from her is on its way (bob's server A is down); bob!, pinned to her first key, follows
 * the chain; old and new mail opens and verifies on both sides; a lying resolver's forged rotation is a key change; a rotation cut off after publishing is
 * finished by running it again.
 */
class KeyRotationIT {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    private CliWorld world;
    private RunningServer resolver;
    private RunningServer a;
    private RunningServer b;
    private RunningServer c;
    private Path aConfig;

    @BeforeEach
    void start() throws Exception {
        world = new CliWorld(dir);
        resolver = world.server("r", null, CliWorld.UNTHROTTLED);
        b = world.server("b", resolver, CliWorld.UNTHROTTLED);
        c = world.server("c", resolver, CliWorld.UNTHROTTLED);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        var created = ServerInit.init(dir.resolve("a"), "127.0.0.1", port, resolver.url(),
                resolver.certificatePin().hex(), "open", 8, 10, Clock.systemUTC(), RANDOM);
        aConfig = created.config();
        Files.writeString(aConfig, Files.readString(aConfig).replace("listen: 0.0.0.0", "listen: 127.0.0.1"));
        a = RunningServer.start(aConfig, Clock.systemUTC());
        world.ok("alice", "account", "create", "alice!", "--server", b.url(), "--yes");
        world.ok("bob", "account", "create", "bob!", "--server", a.url(), "--yes");
        world.ok("alice", "screener", "accept", "bob!");
        world.ok("bob", "screener", "accept", "alice!");
    }

    @AfterEach
    void stop() {
        if (a != null) {
            a.close();
        }
        world.close();
    }

    private void send(String user, String to, String subject, String text) throws Exception {
        world.ok(user, "send", "--to", to, "--subject", subject, "--body-file", world.file(text));
    }

    private Map<?, ?> verifiedRow(String user, String subject) throws Exception {
        Map<?, ?> row = world.awaitMessage(user, subject);
        assertThat(row.get("verified")).as(subject + " at " + user + ": " + row).isEqualTo(true);
        return row;
    }

    private String text(String user, String id) throws Exception {
        CliWorld.Run read = world.ok(user, "read", id, "--json");
        return (String) org.mailv2.protocol.json.Json.mapper().readValue(read.out(), Map.class).get("text");
    }

    private Keyring keyring(String user) throws Exception {
        try (var store = world.vault(user)) {
            return store.unlock(world.passphrase(user));
        }
    }

    @Test
    void twoRotationsWhileMailIsOnItsWayKeepEveryMessageReadableAndVerified() throws Exception {
        send("alice", "bob!", "Before", "Signed with my first key.");
        verifiedRow("bob", "Before");
        send("bob", "alice!", "To the first key", "Sealed to your first key.");
        String toFirstKey = (String) verifiedRow("alice", "To the first key").get("id");
        OwnAccount firstKeys = keyring("alice").currentAccount();

        // Bob's server goes down: alice's next message waits in B's relay queue, signed by her first key; bob's
        // waits in his outbox, sealed to her first encryption key.
        a.close();
        a = null;
        send("alice", "bob!", "In flight", "Signed before I rotated.");
        CliWorld.Run waiting = world.run("bob", "send", "--to", "alice!", "--subject", "Held by bob",
                "--body-file", world.file("Sealed to your first key, sent after you rotated."));
        assertThat(waiting.out()).as(waiting.out()).contains("waiting for");

        world.ok("alice", "keys", "rotate", "--yes");
        // Between the rotations she moves from B to C: her mail, sealed to her first key, goes along as it is.
        world.ok("alice", "account", "move", "--to", c.url(), "--yes");
        CliWorld.Run rotated = world.ok("alice", "keys", "rotate", "--yes", "--json");
        assertThat(rotated.out()).contains("\"resumed\":false");
        OwnAccount afterTwo = keyring("alice").currentAccount();
        assertThat(afterTwo.retiredKeys()).hasSize(2);
        assertThat(afterTwo.retiredKeys().get(0).signingSecret()).isEqualTo(firstKeys.signingSecret());
        assertThat(afterTwo.pendingKeys()).isNull();
        assertThat(afterTwo.signingKey().publicKey()).isNotEqualTo(firstKeys.signingKey().publicKey());
        assertThat(afterTwo.serverUrl()).isEqualTo(c.url());

        a = RunningServer.start(aConfig, Clock.systemUTC());
        world.ok("bob", "sync");
        send("alice", "bob!", "After", "Signed with my third key.");

        verifiedRow("bob", "After");
        String inFlight = (String) verifiedRow("bob", "In flight").get("id");
        assertThat(text("bob", inFlight)).as("read again once bob follows the chain").contains("before I rotated");
        Contact alice = keyring("bob").contact(Address.parse("alice!")).orElseThrow();
        assertThat(alice.signingKey()).isEqualTo(afterTwo.signingKey().publicKey());
        assertThat(alice.status()).isEqualTo(Contact.Status.PINNED);
        assertThat(alice.pastKeys()).hasSize(2);
        assertThat(world.ok("bob", "contacts", "show", "alice!").out()).contains("alice! rotated keys on");

        // Alice: mail sealed to her first key — read after the rotations, and arriving after them — opens.
        assertThat(text("alice", toFirstKey)).contains("Sealed to your first key.");
        String held = (String) verifiedRow("alice", "Held by bob").get("id");
        assertThat(text("alice", held)).contains("sent after you rotated");
        send("bob", "alice!", "To the third key", "Sealed to your newest key.");
        assertThat(text("alice", (String) verifiedRow("alice", "To the third key").get("id")))
                .contains("newest key");
        assertThat(world.ok("alice", "inbox", "--box", "sent", "--json").rows()).hasSize(3)
                .allSatisfy(r -> assertThat(r.get("verified")).as(r.toString()).isEqualTo(true));
    }

    @Test
    void theKeyringPaneMovesTheAccountAfterTheCertificateIsConfirmed() throws Exception {
        send("bob", "alice!", "Before the move", "Still at B.");
        verifiedRow("alice", "Before the move");
        try (org.mailv2.client.tui.TuiHarness ui = new org.mailv2.client.tui.TuiHarness(world.paths("alice"),
                world.passphrase("alice"), 160, 40)) {
            ui.type("K");
            ui.awaitText("move it to another server with M");
            ui.type("M");
            ui.type(c.url() + "\n");
            ui.awaitText(c.certificatePin().hex());
            ui.type("yes\n");
            ui.awaitText("alice! lives at " + c.url() + " now");
        }
        assertThat(keyring("alice").currentAccount().serverUrl()).isEqualTo(c.url());
        assertThat(verifiedRow("alice", "Before the move").get("subject")).isEqualTo("Before the move");
        send("bob", "alice!", "After the move", "Now at C.");
        verifiedRow("alice", "After the move");
    }

    @Test
    void aRotationCutOffAfterPublishingIsFinishedByRunningItAgain() throws Exception {
        OwnAccount before = keyring("alice").currentAccount();
        KeyGeneration next = KeyGeneration.generate(RANDOM);
        try (var store = world.vault("alice")) {
            store.unlock(world.passphrase("alice"));
            store.update(k -> k.replacingAccount(k.currentAccount().withPendingKeys(next)));
        }
        var connection = Connection.open(before, Clock.systemUTC());
        AddressRecord current = connection.resolver().address(before.parsedAddress().hash()).orElseThrow();
        connection.resolver().publish(new AddressRecordSubmission(current.rotatedTo(before.signingKey(),
                next.signingKey(), next.encryptionIdentity().recipient()), null));

        CliWorld.Run finished = world.ok("alice", "keys", "rotate", "--yes", "--json");
        assertThat(finished.out()).contains("\"resumed\":true", "\"serial\":" + (current.serial() + 1));
        OwnAccount after = keyring("alice").currentAccount();
        assertThat(after.signingSecret()).isEqualTo(next.signingSecret());
        assertThat(after.retiredKeys()).singleElement()
                .satisfies(g -> assertThat(g.signingSecret()).isEqualTo(before.signingSecret()));
        send("alice", "bob!", "After the interrupted rotation", "Still me.");
        verifiedRow("bob", "After the interrupted rotation");
    }

    @Test
    void aForgedRotationIsRefusedByTheResolverAndALyingResolversChainIsAKeyChange() throws Exception {
        send("alice", "bob!", "Pinned", "My first key.");
        verifiedRow("bob", "Pinned");
        OwnAccount real = keyring("alice").currentAccount();
        Address aliceAddress = Address.parse("alice!");
        var resolverApi = Connection.open(real, Clock.systemUTC()).resolver();
        AddressRecord current = resolverApi.address(aliceAddress.hash()).orElseThrow();

        // An honest resolver refuses a new key the pinned one did not sign.
        SigningPrivateKey mallory = SigningPrivateKey.generate(RANDOM);
        EncryptionIdentity malloryEncryption = EncryptionIdentity.generate(RANDOM);
        AddressRecord unsigned = AddressRecord.create(aliceAddress.hash(), mallory, malloryEncryption.recipient(),
                current.routingId());
        while (unsigned.serial() <= current.serial()) {
            unsigned = unsigned.movedTo(current.routingId(), mallory);
        }
        AddressRecord unsignedRecord = unsigned;
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> resolverApi.publish(
                new AddressRecordSubmission(unsignedRecord, null)), ApiException.class).code())
                .isEqualTo(ErrorCode.KEY_CHANGE_UNSIGNED);

        // Whoever holds the resolver's database serves a chain that starts from a key mallory made.
        SigningPrivateKey malloryNext = SigningPrivateKey.generate(RANDOM);
        EncryptionIdentity malloryNextEncryption = EncryptionIdentity.generate(RANDOM);
        AddressRecord forged = unsigned.rotatedTo(mallory, malloryNext, malloryNextEncryption.recipient());
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + database("r"))) {
            try (var s = db.prepareStatement(
                    "UPDATE address_records SET serial = ?, record_json = ? WHERE address_hash = ?")) {
                s.setLong(1, forged.serial());
                s.setBytes(2, forged.toJson());
                s.setString(3, aliceAddress.hash().hex());
                assertThat(s.executeUpdate()).isEqualTo(1);
            }
            for (AddressRecord r : List.of(unsigned, forged)) {
                try (var s = db.prepareStatement("INSERT INTO address_key_changes (address_hash, serial, record_json,"
                        + " published_at_us) VALUES (?, ?, ?, 0)")) {
                    s.setString(1, aliceAddress.hash().hex());
                    s.setLong(2, r.serial());
                    s.setBytes(3, r.toJson());
                    s.executeUpdate();
                }
            }
        }
        // Mallory writes to bob as alice!, signed with the forged chain's key, straight to bob's server (which checks
        // the envelope against the lying resolver's record and takes it).
        Address bob = Address.parse("bob!");
        AddressRecord bobRecord = resolverApi.address(bob.hash()).orElseThrow();
        var message = new org.mailv2.protocol.seal.InnerMessage(aliceAddress, "Alice", List.of(bob), List.of(),
                List.of(), "New key, trust me", java.time.Instant.now(), "forged-" + System.nanoTime() + "@alice",
                null, null, null, "I rotated; the resolver has the chain.", List.of());
        var body = new java.io.ByteArrayOutputStream();
        var sealed = new org.mailv2.protocol.seal.MessageSealer(malloryNext.keyId(), RANDOM).seal(message, bob,
                bobRecord.encryptionKey(), body);
        var stamp = new StampSolver(1).solve(new org.mailv2.protocol.pow.StampHeader(10,
                java.time.LocalDate.now(java.time.ZoneOffset.UTC), aliceAddress.hash(), bob.hash(),
                sealed.envelope().digest()), 0, null);
        org.mailv2.protocol.api.ApiClient.connect(a.url(), a.certificatePin()).deliver(
                sealed.envelope().sign(malloryNext, stamp, null), sealed.summaryCiphertext(),
                org.mailv2.protocol.seal.ByteSource.of(body.toByteArray()));

        // Unverified, it shows no subject: it is the one row that is not "Pinned".
        Map<?, ?>[] forgedRow = new Map<?, ?>[1];
        CliWorld.await("the forged message reaches bob", () -> {
            forgedRow[0] = world.inbox("bob").stream().filter(r -> !"Pinned".equals(r.get("subject"))).findFirst()
                    .orElse(null);
            return forgedRow[0] != null;
        });
        assertThat(forgedRow[0].get("verified")).isEqualTo(false);
        assertThat(forgedRow[0].get("trust")).isEqualTo("key-changed");
        assertThat(forgedRow[0].get("keyId")).isEqualTo(malloryNext.keyId().hex());
        Contact pinned = keyring("bob").contact(aliceAddress).orElseThrow();
        assertThat(pinned.status()).isEqualTo(Contact.Status.KEY_CHANGED);
        assertThat(pinned.signingKey()).isEqualTo(real.signingKey().publicKey());
        assertThat(pinned.offeredKey()).isEqualTo(malloryNext.publicKey());
        CliWorld.Run refused = world.run("bob", "send", "--to", "alice!", "--subject", "?", "--body-file",
                world.file("x"));
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.out()).contains("key");
    }

    /** A server's SQLite database, as the attacker who holds it sees it. */
    private Path database(String server) throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve(server))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".db")).findFirst().orElseThrow();
        }
    }
}
