package org.mailv2.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.seal.Summary;

/**
 * Every screen on a virtual terminal, offline: the account's server does not answer (nothing listens on its port), so
 * what shows comes from the local cache, as it does on a train. Flows against a live server are in {@link TuiFlowIT}.
 */
class TuiScreensTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path home;

    private TuiHarness ui;

    static OwnAccount offlineAccount(String address) {
        return new OwnAccount(address, null, "https://127.0.0.1:1", Sha256.hash("no server"), Sha256.hash("route"),
                null, null, SigningPrivateKey.generate(RANDOM).secretText(),
                EncryptionIdentity.generate(RANDOM).secretText(), Instant.parse("2026-11-01T10:00:00Z"));
    }

    private static Summary summary(String from, String subject, String thread, String listId, int minute,
                                   List<String> attachments) {
        return new Summary(from, List.of("alice!"), List.of(), List.of(), subject,
                Instant.parse("2026-11-20T09:00:00Z").plusSeconds(60L * minute).toString(), "m" + minute + "@x",
                thread, listId, 100, attachments);
    }

    @BeforeEach
    void open() throws Exception {
        Keyring keyring = Keyring.empty().withAccount(offlineAccount("alice!")).withCacheKey(RANDOM);
        Path cacheDb = org.mailv2.client.core.paths.ClientPaths.under(home).ensureCreated().cacheDb();
        Files.createDirectories(cacheDb.getParent());
        Sha256 alice = keyring.currentAccount().parsedAddress().hash();
        try (SummaryCache cache = new SummaryCache(cacheDb, keyring.cacheKeyBytes(), RANDOM)) {
            cache.put(alice, new SummaryCache.Entry("00000000-0000-0000-0000-000000000001", 1, "inbox", Set.of("seen"),
                    summary("bob!", "Plans for the trip", "t-trip", null, 1, List.of()), null));
            cache.put(alice, new SummaryCache.Entry("00000000-0000-0000-0000-000000000002", 2, "inbox", Set.of(),
                    summary("carol!", "Re: Plans for the trip", "t-trip", null, 2, List.of("map.pdf")), null));
            cache.put(alice, new SummaryCache.Entry("00000000-0000-0000-0000-000000000003", 3, "inbox",
                    Set.of("flagged"), summary("news@acme!", "Release 2.0 is out", "t-news", "news@acme!", 3,
                            List.of()), null));
            cache.put(alice, new SummaryCache.Entry("00000000-0000-0000-0000-000000000004", 4, "inbox", Set.of(), null,
                    "bad_signature"));
        }
        ui = new TuiHarness(home, keyring, 130, 30);
    }

    @AfterEach
    void close() throws Exception {
        ui.close();
    }

    @Test
    void theInboxListsTheCacheWithBadgesAndNeverHidesAFailedMessage() throws Exception {
        String screen = ui.screenText();
        assertThat(screen).contains("inbox  4 messages");
        assertThat(ui.lineWith("bob!")).contains("✓", "Plans for the trip");
        assertThat(ui.lineWith("Re: Plans for the trip")).contains("✓", "N", "+", "carol!");
        assertThat(ui.lineWith("Release 2.0 is out")).contains("F", "L", "news@acme!");
        assertThat(ui.lineWith("NOT VERIFIED")).contains("✗", "bad_signature");
        assertThat(ui.lineWith("▶ inbox")).contains("3"); // three unread
        ui.await("offline state", s -> ui.tui.lastError() != null);
        assertThat(ui.tui.lastError()).contains("cannot reach the server");
        // The new-mail stream is tried again, each time after a longer wait.
        ui.await("a first retry", s -> s.contains("offline, retrying in 1 s"));
        ui.await("a longer wait", s -> s.contains("offline, retrying in 2 s"));
    }

    @Test
    void threadsFoldAndUnfold() throws Exception {
        ui.type("T");
        assertThat(ui.screenText()).contains("3 conversations");
        assertThat(ui.lineWith("Re: Plans for the trip")).contains("▸2");
        ui.type("gjjo");
        String unfolded = ui.screenText();
        assertThat(unfolded).contains("▾2");
        assertThat(ui.lineWith("  bob!")).contains("Plans for the trip");
        ui.type("o");
        assertThat(ui.screenText()).doesNotContain("▾2");
    }

    @Test
    void searchAndFilterNarrowTheListAndEscapeGoesBack() throws Exception {
        ui.type("/trip\n");
        ui.awaitText("search 'trip'  (2)");
        assertThat(ui.screenText()).doesNotContain("Release 2.0");
        ui.press(KeyType.Escape);
        assertThat(ui.screenText()).contains("inbox  4 messages");
        ui.type("\\lists\n");
        ui.awaitText("filter lists  (1)");
        assertThat(ui.screenText()).contains("Release 2.0 is out").doesNotContain("Plans for the trip");
        ui.type(":filter unread\n");
        ui.awaitText("filter unread  (3)");
    }

    @Test
    void helpIsGeneratedFromTheKeyMapAndCommandsComplete() throws Exception {
        ui.type("?");
        StringBuilder help = new StringBuilder(ui.screenText());
        for (int page = 0; page < 4; page++) {
            ui.press(KeyType.PageDown);
            help.append(ui.screenText());
        }
        assertThat(help.toString()).contains("Keys (change them in keys.properties", "C-x F10", "review, then send",
                "subscribe", "accept-key", ":lists browse ORG|SERVER-URL", "Badges: ✓ verified signature");
        ui.press(KeyType.Escape);
        ui.type(":lists br");
        ui.press(KeyType.Tab);
        assertThat(ui.screenText()).contains(":lists browse");
        ui.press(KeyType.Escape);
        ui.type(":nonsense\n");
        assertThat(ui.tui.recentErrors()).anyMatch(e -> e.contains("unknown command 'nonsense'"));
    }

    @Test
    void aDraftSurvivesACrashAndIsOfferedAgain() throws Exception {
        ui.type("c");
        ui.type("bob!");
        ui.press(KeyType.Tab);
        ui.press(KeyType.Tab);
        ui.press(KeyType.Tab);
        ui.type("Unsent thoughts");
        ui.press(KeyType.Tab);
        ui.type("half a sentence");
        // No Esc, no send: the process dies here. What was typed is on disk already (written in the background).
        ui.await("draft on disk", s -> {
            try {
                return ui.session.drafts().all().stream().anyMatch(d -> d.text().equals("half a sentence"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        ui.close();
        ui = new TuiHarness(home, ui.session.keyring(), 130, 30);
        ui.awaitText("1 unsent draft recovered");
        assertThat(ui.lineWith("Drafts")).contains("(1)");
        ui.tui.go("drafts");
        ui.awaitText("Unsent thoughts");
        assertThat(ui.tui.activeScreen()).isEqualTo("compose");
        assertThat(ui.screenText()).contains("half a sentence", "bob!");
        ui.ctrl('k');
        ui.awaitText("draft discarded");
        ui.await("the draft gone from disk", s -> {
            try {
                return ui.session.drafts().all().isEmpty();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        ui.await("the sidebar count gone", s -> !ui.lineWith("Drafts").contains("("));
    }

    @Test
    void theKeyringAndListsPanesShowWhatTheKeyringHolds() throws Exception {
        ui.type("K");
        assertThat(ui.screenText()).contains("Your accounts", "alice!", "signing", "created 2026-11-01",
                "Contacts (keys pinned on first contact)", "none yet");
        ui.type("L");
        assertThat(ui.screenText()).contains("Your subscriptions", "none yet", "Browse");
        ui.type("q");
        assertThat(ui.tui.activeScreen()).isEqualTo("MessageListView");
        ui.type("q");
        assertThat(ui.tui.quitting()).isTrue();
    }

    @Test
    void keysAndThemeAreConfigurableAndNoColorIsRespected() throws Exception {
        Path keys = home.resolve("keys.properties");
        Files.writeString(keys, "compose = w\nquit = Q\n");
        KeyMap map = KeyMap.load(keys);
        assertThat(map.keys(KeyMap.Action.COMPOSE)).containsExactly("w");
        assertThat(map.action(new com.googlecode.lanterna.input.KeyStroke('q', false, false))).isNull();
        Files.writeString(keys, "compose = Hyper-x\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KeyMap.load(keys))
                .hasMessageContaining("unknown key 'Hyper-x'");
        Path theme = home.resolve("theme.properties");
        Files.writeString(theme, "warning = #ff0000\n");
        assertThat(Theme.load(theme, Map.of()).colour()).isTrue();
        assertThat(Theme.load(theme, Map.of("NO_COLOR", "1")).colour()).isFalse();
        Files.writeString(theme, "sparkle = red\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Theme.load(theme, Map.of()))
                .hasMessageContaining("unknown role 'sparkle'");
    }

    @Test
    void aClickSelectsALineWhenTheMouseIsOn() throws Exception {
        String[] lines = ui.screenText().split("\n");
        int row = 0;
        while (!lines[row].contains("bob!")) {
            row++;
        }
        ui.terminal.addInput(new com.googlecode.lanterna.input.MouseAction(
                com.googlecode.lanterna.input.MouseActionType.CLICK_DOWN, 1,
                new com.googlecode.lanterna.TerminalPosition(60, row)));
        ui.pump();
        ui.press(KeyType.Enter);
        assertThat(ui.tui.activeScreen()).isEqualTo("ReaderView");
        assertThat(ui.lineWith("Subject:")).contains("Plans for the trip").doesNotContain("Re:");
    }

    @Test
    void anHtmlMessageReadsAsTextWithNumberedLinksAndHShowsItsSource() throws Exception {
        ui.type("G");
        ui.press(KeyType.Enter);
        assertThat(ui.lineWith("Subject:")).contains("Plans for the trip");
        // The background sync can fail after the open and take the status line's one error: watch the job instead.
        ui.await("the offline open to end", s -> ui.tui.jobs().running().stream()
                .noneMatch(job -> job.title().equals("opening")));
        ReaderView reader = (ReaderView) ui.tui.activeView();
        reader.opened(new org.mailv2.protocol.seal.OpenedMessage(org.mailv2.protocol.address.Address.parse("bob!"),
                "Bob", List.of(org.mailv2.protocol.address.Address.parse("alice!")), List.of(), List.of(),
                "Plans for the trip", Instant.parse("2026-11-20T09:01:00Z"), "m1@x", null, List.of(), null, "",
                List.of(), "<p>The <b>route</b>:</p><ul><li>Lyon</li><li>Turin</li></ul>"
                + "<p><a href=\"https://maps.example/r\">map</a> <img src=\"https://t.example/p.gif\" alt=\"pixel\"></p>"
                + "<script>alert(1)</script>"));
        ui.pump();
        String text = ui.screenText();
        assertThat(text).contains("HTML shown as text; nothing is loaded (H shows the source)", "The route:",
                "- Lyon", "- Turin", "map [1] [image: pixel]", "[1] https://maps.example/r")
                .doesNotContain("<b>", "alert(1)");
        ui.type("H");
        assertThat(ui.screenText()).contains("HTML source (H shows the text)", "<p>The <b>route</b>:</p>");
        ui.type("H");
        assertThat(ui.screenText()).contains("- Lyon").doesNotContain("<b>");
    }

    @Test
    void localModesWelcomeAccountIsNotListedAsOneOfTheUsersOwn() throws Exception {
        Keyring withWelcome = ui.session.keyring().withAccount(offlineAccount("welcome!"))
                .withCurrent(org.mailv2.protocol.address.Address.parse("alice!"));
        ui.close();
        ui = new TuiHarness(home, withWelcome, 130, 30);
        assertThat(ui.screenText()).doesNotContain("welcome!", "○", "●").contains("inbox  4 messages");
    }

    @Test
    void theSidebarSwitchesBetweenTheKeyringsAccounts() throws Exception {
        Keyring two = ui.session.keyring().withAccount(offlineAccount("bob!"))
                .withCurrent(org.mailv2.protocol.address.Address.parse("alice!"));
        ui.close();
        ui = new TuiHarness(home, two, 130, 30);
        assertThat(ui.lineWith("● alice!")).isNotEmpty();
        assertThat(ui.screenText()).contains("○ bob!", "inbox  4 messages");
        ui.press(KeyType.Tab);
        ui.type("j\n");
        ui.awaitText("now using bob!");
        assertThat(ui.screenText()).contains("inbox  0 messages");
        assertThat(ui.lineWith("● bob!")).isNotEmpty();
        assertThat(ui.session.keyring().current()).isEqualTo("bob!");
    }

    @Test
    void theKeyringPaneExportsTheVaultAndChangesItsPassphrase() throws Exception {
        ui.type("K");
        ui.type("E");
        Path export = home.resolve("export.vault");
        // The prompt offers a default path; replace it.
        for (int i = 0; i < 200; i++) {
            ui.press(KeyType.Backspace);
        }
        ui.type(export + "\n");
        assertThat(ui.screenText()).contains("Passphrase for the export: ");
        ui.type("export secret 123\n");
        ui.awaitText("exported the vault to " + export);
        org.mailv2.client.core.paths.ClientPaths elsewhere = org.mailv2.client.core.paths.ClientPaths.under(
                home.resolve("restored")).ensureCreated();
        new org.mailv2.client.core.vault.VaultFile().importFrom(export, "export secret 123".toCharArray(),
                elsewhere.vault(), "restored passphrase".toCharArray());
        assertThat(new org.mailv2.client.core.keyring.KeyringStore(elsewhere.vault(),
                new org.mailv2.client.core.vault.VaultFile()).load("restored passphrase".toCharArray()).current())
                .isEqualTo("alice!");

        ui.type("P");
        ui.type("new passphrase 456\n");
        ui.type("a different one\n");
        assertThat(ui.tui.recentErrors()).contains("the passphrases differ; nothing changed");
        ui.type("P");
        ui.type("new passphrase 456\n");
        ui.type("new passphrase 456\n");
        ui.awaitText("the vault passphrase changed");
        var store = new org.mailv2.client.core.keyring.KeyringStore(ui.session.paths().vault(),
                new org.mailv2.client.core.vault.VaultFile());
        assertThat(store.load("new passphrase 456".toCharArray()).current()).isEqualTo("alice!");
        // The session keeps saving under the new passphrase.
        ui.session.core().update(k -> k.withCacheKey(new java.security.SecureRandom()));
        assertThat(store.load("new passphrase 456".toCharArray()).current()).isEqualTo("alice!");
    }

    @Test
    void theStatusBarShowsJobsWithProgressAndTheGuiNeverWaitsForThem() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch reported = new java.util.concurrent.CountDownLatch(1);
        String[] done = {null};
        ui.tui.jobs().start("stamp for bob!", job -> {
            job.progress(0.5, "stamp 1.2 MH/s, ETA 3.0 s");
            reported.countDown();
            release.await();
            return "ok";
        }, result -> done[0] = result);
        reported.await();
        // The job is blocked; the GUI loop still takes keys and draws.
        ui.type("T");
        assertThat(ui.screenText()).contains("3 conversations");
        ui.await("the progress bar", s -> s.contains("stamp for bob! [█████░░░░░] stamp 1.2 MH/s"));
        release.countDown();
        ui.await("the job gone", s -> !s.contains("stamp for bob!"));
        assertThat(done[0]).isEqualTo("ok");
    }

    @Test
    void quittingWhileMailIsBeingSentAsksFirst() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ui.tui.jobs().start("sending", job -> {
            release.await();
            return true;
        }, r -> { });
        ui.type("q");
        assertThat(ui.screenText()).contains("Still sending: quit anyway?");
        ui.type("n\n");
        assertThat(ui.tui.quitting()).isFalse();
        ui.type("q");
        ui.type("y\n");
        assertThat(ui.tui.quitting()).isTrue();
        release.countDown();
    }

    @Test
    void resizingRedrawsAtTheNewSize() throws Exception {
        ui.terminal.setTerminalSize(new com.googlecode.lanterna.TerminalSize(90, 20));
        ui.pump();
        ui.pump();
        assertThat(ui.screenText().split("\n")).hasSize(20);
        assertThat(ui.lineWith("bob!").length()).isLessThanOrEqualTo(90);
    }
}
