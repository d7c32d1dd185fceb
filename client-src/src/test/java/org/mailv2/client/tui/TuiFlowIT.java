package org.mailv2.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.client.core.account.AccountCreator;
import org.mailv2.client.core.keyring.Contact;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.lists.ListService;
import org.mailv2.client.core.send.Sender;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.server.app.RunningServer;
import org.mailv2.server.app.ServerInit;

/**
 * Whole flows through the real TUI on a virtual terminal, against a real server on 127.0.0.1: composing with the
 * review screen, live delivery with the verified badge, replies grouped into a thread, subscribing to a list and
 * revoking it from the lists pane, and a changed key shown as a warning until accepted.
 */
class TuiFlowIT {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Clock clock = Clock.systemUTC();
    private final List<AutoCloseable> open = new ArrayList<>();
    private RunningServer server;

    @TempDir
    Path dir;

    @BeforeEach
    void startServer() throws Exception {
        var created = ServerInit.init(dir.resolve("server"), "127.0.0.1", 0, "self", null, "open", 8, 12, clock,
                RANDOM);
        Files.writeString(created.config(), Files.readString(created.config())
                .replace("listen: 0.0.0.0", "listen: 127.0.0.1"));
        server = RunningServer.start(created.config(), clock);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        server.close();
    }

    private OwnAccount account(String address) throws Exception {
        return new AccountCreator(clock, RANDOM, new StampSolver(1)).create(Address.parse(address), null,
                server.url(), server.certificatePin(), null, p -> { });
    }

    /**
     * {@code who} lets {@code sender} past its screener before the story begins (a stranger's first message waits in
     * the screener: ScreenerEndToEndIT).
     */
    private void expects(OwnAccount who, OwnAccount sender) throws Exception {
        org.mailv2.client.core.account.Connection.open(who, clock).server().allow(sender.parsedAddress().hash());
    }

    private TuiHarness tui(String name, Keyring keyring) throws Exception {
        TuiHarness h = new TuiHarness(dir.resolve(name), keyring, 140, 40);
        open.add(h);
        return h;
    }

    @Test
    void aliceWritesBobSeesItLiveAndVerifiedRepliesAndAliceSeesTheThread() throws Exception {
        OwnAccount aliceAccount = account("alice!");
        OwnAccount bobAccount = account("bob!");
        expects(bobAccount, aliceAccount);
        TuiHarness alice = tui("alice", Keyring.empty().withAccount(aliceAccount));
        TuiHarness bob = tui("bob", Keyring.empty().withAccount(bobAccount));
        bob.await("bob online", s -> bob.tui.connectionState().equals("online"));

        alice.type("c");
        assertThat(alice.tui.activeScreen()).isEqualTo("compose");
        alice.type("bob!");
        alice.press(KeyType.Tab);
        alice.press(KeyType.Tab);
        alice.press(KeyType.Tab);
        alice.type("Lunch on Friday?");
        alice.press(KeyType.Tab);
        alice.type("Shall we meet at noon?\nAlice");
        Path menu = dir.resolve("menu.txt");
        Files.writeString(menu, "soup, bread, cheese\n");
        alice.ctrl('a');
        alice.type(menu + "\n");
        assertThat(alice.lineWith("Files:")).contains("menu.txt");
        alice.press(KeyType.F10);
        String review = alice.awaitText("bits, about");
        assertThat(alice.lineWith("bob!")).contains("stamp", "12 bits", "of work", "first contact");
        assertThat(review).contains("Review before sending: Lunch on Friday?", "1 with a stamp");
        alice.press(KeyType.Enter);
        alice.awaitText("sent: 1 delivered");

        // Bob's list shows it without any key pressed: the server's event stream woke his client.
        String bobs = bob.awaitText("Lunch on Friday?");
        assertThat(bob.lineWith("Lunch on Friday?")).contains("✓", "N", "+", "alice!");
        bob.press(KeyType.Enter);
        bob.awaitText("Shall we meet at noon?");
        assertThat(bob.lineWith("From:")).contains("alice!");
        assertThat(bob.lineWith("verified signature")).contains("✓ verified signature, key");
        assertThat(bob.lineWith("Attachments")).contains("menu.txt (20 B)");
        bob.type("a");
        for (int i = 0; i < 200; i++) {
            bob.press(KeyType.Backspace);
        }
        Path saved = dir.resolve("bob-saved");
        bob.type(saved + "\n");
        bob.awaitText("saved 1 file into");
        assertThat(saved.resolve("menu.txt")).hasContent("soup, bread, cheese");
        bob.type("r");
        assertThat(bob.tui.activeScreen()).isEqualTo("compose");
        bob.type("Noon works.\n");
        bob.press(KeyType.F10);
        bob.awaitText("Review before sending: Re: Lunch on Friday?");
        // alice's message carried the contact permit her client issued for bob: his answer costs no proof of work.
        bob.await("the cost", s -> s.contains("1 with a permit, 0 with a stamp"));
        assertThat(bob.lineWith("alice!")).contains("free", "permit");
        bob.press(KeyType.Enter);
        bob.awaitText("sent: 1 delivered");
        bob.await("answered badge", s -> bob.lineWith("Lunch on Friday?").contains("A"));

        alice.awaitText("Re: Lunch on Friday?");
        alice.type("T");
        alice.awaitText("inbox  1 conversation");
        assertThat(alice.lineWith("Re: Lunch on Friday?")).contains("▸2");
        alice.type("o");
        String thread = alice.awaitText("[sent]");
        assertThat(thread).contains("Lunch on Friday? [sent]");
        assertThat(bobs).doesNotContain("NOT VERIFIED");
    }

    @Test
    void subscribingPostingAndRevokingFromTheListsPanes() throws Exception {
        OwnAccount news = account("news!");
        ListService owner = new ListService(clock, RANDOM, new Sender(clock, RANDOM, new StampSolver(1),
                dir.resolve("news-outbox")));
        Keyring newsKeyring = owner.create(Keyring.empty().withAccount(news), news, "Project news",
                "Releases and notes", false);
        TuiHarness list = tui("news", newsKeyring);
        TuiHarness bob = tui("bob", Keyring.empty().withAccount(account("bob!")));
        list.await("list owner online", s -> list.tui.connectionState().equals("online"));
        list.type("L");
        assertThat(list.lineWith("Project news")).contains("news!", "0 subscribers");

        bob.type("L");
        assertThat(bob.tui.activeScreen()).isEqualTo("ListsPane");
        bob.type("b");
        bob.type(server.url() + "\n");
        bob.awaitText("Project news");
        assertThat(bob.lineWith("news!")).contains("✓ verified");
        bob.type("j");
        bob.type("s");
        bob.awaitText("asked news! to add you");
        bob.await("subscription listed", s -> s.contains("since") && bob.lineWith("news!").contains("since"));
        assertThat(bob.session.keyring().subscriptions()).extracting(s -> s.list()).containsExactly("news!");
        var permit = bob.session.keyring().subscriptions().get(0).permit();

        // The owner's TUI handles the request as it arrives: no command, no key pressed.
        list.await("the subscriber counted", s -> list.lineWith("Project news").contains("1 subscriber"));
        list.type("p");
        assertThat(list.tui.activeScreen()).isEqualTo("compose");
        list.type("Release 1.0"); // To is filled in: the cursor starts on the subject
        list.press(KeyType.Tab);
        list.type("It is out.");
        list.press(KeyType.F10);
        list.await("the review", s -> s.contains("1 with a permit, 0 with a stamp"));
        assertThat(list.lineWith("bob!")).contains("free", "permit");
        list.press(KeyType.Enter);
        list.awaitText("sent: 1 delivered");
        bob.press(KeyType.Escape);
        bob.await("the post", s -> s.contains("Release 1.0"));
        assertThat(bob.lineWith("Release 1.0")).contains("✓", "L", "news!");

        bob.type("L");
        bob.type("g");
        bob.type("u");
        bob.awaitText("its permit is revoked");
        var bobApi = org.mailv2.client.core.account.Connection.open(bob.session.me(), clock).server();
        assertThat(bobApi.permits()).filteredOn(p -> p.permit().permitId().equals(permit))
                .singleElement().satisfies(p -> assertThat(p.revokedAt()).isNotNull());
        assertThat(bob.session.keyring().subscriptions()).isEmpty();
        list.type("L");
        list.await("the subscriber gone", s -> list.lineWith("Project news").contains("0 subscribers"));
    }

    @Test
    void aChangedKeyIsShownInTheKeyringUntilTheUserAcceptsIt() throws Exception {
        OwnAccount carol = account("carol!");
        OwnAccount alice = account("alice!");
        expects(alice, carol);
        TuiHarness a = tui("alice", Keyring.empty().withAccount(alice));
        // carol writes first, so alice's client pins carol's keys when it syncs.
        new Sender(clock, RANDOM, new StampSolver(1), dir.resolve("carol-outbox")).send(
                org.mailv2.client.core.account.Connection.open(carol, clock), Keyring.empty().withAccount(carol),
                new org.mailv2.client.core.send.Draft(List.of(alice.parsedAddress()), null, null, "About the keys",
                        "Hello", null, null, null), s -> { }, p -> { });
        a.awaitText("About the keys");
        assertThat(a.lineWith("About the keys")).contains("✓");
        // What the client records when the resolver shows carol with keys her pinned key did not sign.
        a.session.core().update(k -> k.withContact(new Contact("carol!", SigningPrivateKey.generate(RANDOM).publicKey(),
                carol.encryptionIdentity().recipient(), 1, clock.instant(), Contact.Status.KEY_CHANGED)));
        // (Mail signed by the changed key shows "!" and is not shown: TrustAttacksIT plays that attack for real.)
        a.type("K");
        assertThat(a.lineWith("carol!")).contains("KEY CHANGED");
        a.type("jjjjj");
        a.type("A");
        a.awaitText("accepted carol!'s new key");
        assertThat(a.lineWith("carol!")).contains("pinned").doesNotContain("KEY CHANGED");
        assertThat(a.session.keyring().contact(Address.parse("carol!")).orElseThrow().signingKey())
                .isEqualTo(carol.signingKey().publicKey());

        // Pinned contacts complete in the address fields.
        a.press(KeyType.Escape);
        a.type("c");
        a.type("ca");
        a.press(KeyType.Tab);
        assertThat(a.lineWith("To:")).contains("carol!,");
    }

    /** Thrown from the copy callback: the process "dies" there (see ListPostResumeIT for why this is faithful). */
    private static final class Crash extends Error {
        Crash() {
            super("simulated crash", null, false, false);
        }
    }

    @Test
    void theListOwnersUiFinishesAPostThatWasInterrupted() throws Exception {
        OwnAccount news = account("news!");
        Path newsHome = dir.resolve("news");
        var newsPaths = org.mailv2.client.core.paths.ClientPaths.under(newsHome).ensureCreated();
        ListService owner = new ListService(clock, RANDOM, new Sender(clock, RANDOM, new StampSolver(1),
                newsPaths.outbox()));
        Keyring newsKeyring = owner.create(Keyring.empty().withAccount(news).withCacheKey(RANDOM), news,
                "Project news", "Releases", false);
        List<OwnAccount> readers = new ArrayList<>();
        for (String name : List.of("bob!", "carol!", "dave!")) {
            OwnAccount reader = account(name);
            readers.add(reader);
            new ListService(clock, RANDOM, new Sender(clock, RANDOM, new StampSolver(1), dir.resolve(name + "-out")))
                    .subscribe(Keyring.empty().withAccount(reader), news.parsedAddress());
        }
        try (var cache = new org.mailv2.client.core.cache.SummaryCache(dir.resolve("owner-cache.db"), new byte[32],
                RANDOM)) {
            newsKeyring = owner.processRequests(newsKeyring, news.parsedAddress(), cache).keyring();
        }
        assertThat(newsKeyring.ownedList(news.parsedAddress()).orElseThrow().subscribers()).hasSize(3);
        List<org.mailv2.client.core.send.Delivery> settled = new ArrayList<>();
        try {
            owner.post(newsKeyring, news.parsedAddress(), "Release 2.0", "It is out.", s -> { }, d -> {
                settled.add(d);
                if (settled.size() == 1) {
                    throw new Crash();
                }
            });
        } catch (Crash expected) {
            // the fan-out stopped after one copy, with the post journaled
        }

        TuiHarness ui = new TuiHarness(newsHome, newsKeyring, 140, 40);
        open.add(ui);
        ui.await("the post finished", s -> ui.screenText().contains("finished the interrupted post \"Release 2.0\""));
        for (OwnAccount reader : readers) {
            var server = org.mailv2.client.core.account.Connection.open(reader, clock).server();
            long copies = 0;
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (copies == 0 && System.nanoTime() < deadline) {
                copies = server.list("inbox", 0, 10).messages().size();
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
            }
            // Exactly one, or two for the copy in flight when the process died (same Message-ID either way).
            assertThat(copies).as(reader.address()).isBetween(1L, 2L);
        }
    }

    @Test
    void markedMessagesAreDeletedAndMovedTogether() throws Exception {
        OwnAccount carol = account("carol!");
        OwnAccount alice = account("alice!");
        expects(alice, carol);
        TuiHarness a = tui("alice", Keyring.empty().withAccount(alice));
        Sender sender = new Sender(clock, RANDOM, new StampSolver(1), dir.resolve("carol-outbox"));
        var connection = org.mailv2.client.core.account.Connection.open(carol, clock);
        for (String subject : List.of("First note", "Second note", "Third note")) {
            sender.send(connection, Keyring.empty().withAccount(carol), new org.mailv2.client.core.send.Draft(
                    List.of(alice.parsedAddress()), null, null, subject, "text", null, null, null), s -> { }, p -> { });
        }
        a.await("three notes", s -> s.contains("First note") && s.contains("Second note") && s.contains("Third note"));
        a.type("g");
        a.type(" ");
        a.type(" ");
        assertThat(a.screenText()).contains("2 marked");
        assertThat(a.lineWith("Third note")).startsWith("                       │*");
        a.type("d");
        a.awaitText("2 messages moved to the trash");
        assertThat(a.screenText()).contains("inbox  1 message").doesNotContain("Third note", "1 messages");
        a.type("m");
        for (int i = 0; i < 20; i++) {
            a.press(KeyType.Backspace);
        }
        a.type("archive\n");
        a.awaitText("1 moved to archive");
        a.tui.go("box:trash");
        a.await("the trash", s -> s.contains("trash  2 messages"));
        a.tui.go("box:archive");
        a.await("the archive", s -> s.contains("archive  1 message") && !s.contains("archive  1 messages")
                && s.contains("First note"));
        var server = org.mailv2.client.core.account.Connection.open(a.session.me(), clock).server();
        assertThat(server.list("trash", 0, 10).messages()).hasSize(2);
        assertThat(server.list("archive", 0, 10).messages()).hasSize(1);
    }

    @Test
    void bobPipesAMessageToACommandAndSeesItsExitStatus() throws Exception {
        OwnAccount carol = account("carol!");
        OwnAccount bob = account("bob!");
        expects(bob, carol);
        TuiHarness b = tui("bob", Keyring.empty().withAccount(bob));
        Sender sender = new Sender(clock, RANDOM, new StampSolver(1), dir.resolve("carol-outbox"));
        sender.send(org.mailv2.client.core.account.Connection.open(carol, clock), Keyring.empty().withAccount(carol),
                new org.mailv2.client.core.send.Draft(List.of(bob.parsedAddress()), null, null, "Patch v2",
                        "diff --git a/x b/x\n", null, null, null), s -> { }, p -> { });
        b.awaitText("Patch v2");
        b.press(KeyType.Enter);
        b.awaitText("diff --git");
        assertThat(b.screenText()).contains("|:pipe");

        Path copy = dir.resolve("piped.eml");
        b.type("|");
        assertThat(b.screenText()).contains("Pipe the message to (sh -c):");
        b.type("tee " + copy + " | grep -c '^Subject: Patch v2'; exit 3\n");
        b.awaitText("exited with 3: 1");
        var piped = new org.apache.james.mime4j.message.DefaultMessageBuilder().parseMessage(Files.newInputStream(copy));
        assertThat(piped.getSubject()).isEqualTo("Patch v2");
        assertThat(piped.getFrom().get(0).getLocalPart()).isEqualTo("carol");
        try (var text = ((org.apache.james.mime4j.dom.TextBody) piped.getBody()).getInputStream()) {
            assertThat(new String(text.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("diff --git a/x b/x\n");
        }

        // A command that stops reading at once is no failure of the client's.
        b.type("|");
        b.type("true\n");
        b.awaitText("'true' exited with 0");
    }

    @Test
    void bobForwardsCarolsMessageWithItsAttachmentToDave() throws Exception {
        OwnAccount carol = account("carol!");
        OwnAccount bob = account("bob!");
        OwnAccount dave = account("dave!");
        expects(bob, carol);
        expects(dave, bob);
        TuiHarness b = tui("bob", Keyring.empty().withAccount(bob));
        Sender sender = new Sender(clock, RANDOM, new StampSolver(1), dir.resolve("carol-outbox"));
        byte[] plan = "Bed 1: potatoes\nBed 2: beans\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        sender.send(org.mailv2.client.core.account.Connection.open(carol, clock), Keyring.empty().withAccount(carol),
                new org.mailv2.client.core.send.Draft(List.of(bob.parsedAddress()), null, null, "Planting plan",
                        "The plan is attached.\n", List.of(new org.mailv2.protocol.seal.Attachment("plan.txt",
                        "text/plain", org.mailv2.protocol.seal.ByteSource.of(plan))), null, null), s -> { }, p -> { });
        b.awaitText("Planting plan");
        b.press(KeyType.Enter);
        b.awaitText("The plan is attached.");

        b.type("f");
        assertThat(b.tui.activeScreen()).isEqualTo("compose");
        assertThat(b.lineWith("Files:")).contains("plan.txt (forwarded)");
        assertThat(b.lineWith("Subject:")).contains("Fwd: Planting plan");
        b.type("dave!");
        b.press(KeyType.F10);
        b.awaitText("Review before sending: Fwd: Planting plan");
        b.awaitText("1 with a stamp");
        b.press(KeyType.Enter);
        b.awaitText("sent: 1 delivered");

        var daves = org.mailv2.client.core.account.Connection.open(dave, clock).server().list("inbox", 0, 10)
                .messages();
        assertThat(daves).hasSize(1);
        TuiHarness d = tui("dave", Keyring.empty().withAccount(dave));
        var read = d.session.open(daves.get(0).envelope().messageId(), org.mailv2.protocol.seal.AttachmentSink.DISCARD);
        assertThat(read.subject()).isEqualTo("Fwd: Planting plan");
        assertThat(read.text()).contains("The plan is attached.");
        assertThat(read.attachments()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("plan.txt");
            assertThat(a.size()).isEqualTo(plan.length);
            assertThat(a.sha256()).isEqualTo(org.mailv2.protocol.digest.Sha256.hash(plan));
        });
    }

    @Test
    void bobOpensAnAttachmentFromTheReaderWithHisMailcapViewer() throws Exception {
        OwnAccount carol = account("carol!");
        OwnAccount bob = account("bob!");
        expects(bob, carol);
        Path run = Files.createDirectories(dir.resolve("run"));
        Path seen = dir.resolve("seen.txt");
        Path mailcap = Files.writeString(dir.resolve("mailcap"), "text/plain; cp %s " + seen + "\n"
                + "application/octet-stream; cp %s " + seen + "\n");
        TuiHarness b = new TuiHarness(dir.resolve("bob"), Keyring.empty().withAccount(bob), 140, 40, java.util.Map.of(
                "MAILCAPS", mailcap.toString(), "XDG_RUNTIME_DIR", run.toString(), "MAILV2_OPEN_KEEP_SECONDS", "0"));
        open.add(b);
        Sender sender = new Sender(clock, RANDOM, new StampSolver(1), dir.resolve("carol-outbox"));
        sender.send(org.mailv2.client.core.account.Connection.open(carol, clock), Keyring.empty().withAccount(carol),
                new org.mailv2.client.core.send.Draft(List.of(bob.parsedAddress()), null, null, "Rota",
                        "The rota is attached.\n", List.of(new org.mailv2.protocol.seal.Attachment("rota.txt",
                        "text/plain", org.mailv2.protocol.seal.ByteSource.of("Mon: Bob\n".getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)))), null, null), s -> { }, p -> { });
        b.awaitText("Rota");
        b.press(KeyType.Enter);
        b.awaitText("The rota is attached.");

        b.type("O");
        b.awaitText("Open the attachment rota.txt? (Enter, or Esc)");
        b.press(KeyType.Enter);
        b.awaitText("opened rota.txt (viewer exit 0); the decrypted file is removed");
        assertThat(seen).hasContent("Mon: Bob");
        assertThat(run.resolve("mailv2")).isEmptyDirectory();
    }
}
