package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.json.Json;
import org.mailv2.server.app.RunningServer;
import org.mailv2.server.app.ServerInit;
import picocli.CommandLine;

/** Flags, moves, deletes, contacts, keys, passphrase change, export and import, and shell completion. */
class CliHousekeepingIT {
    @TempDir
    Path dir;

    private RunningServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    record Run(int exit, String out) {
    }

    private Run mailv2(String home, Map<String, String> extraEnv, String stdin, String... args) {
        Map<String, String> env = new HashMap<>(Map.of("MAILV2_HOME", dir.resolve(home).toString(),
                "MAILV2_PASSPHRASE", "passphrase of " + home));
        env.putAll(extraEnv);
        CommandLine cli = MailCli.commandLine(env);
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        if (stdin != null) {
            ((SendCommand) cli.getSubcommands().get("send").getCommand()).stdin =
                    new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        }
        return new Run(cli.execute(args), out.toString());
    }

    private Run mailv2(String home, String... args) {
        return mailv2(home, Map.of(), null, args);
    }

    /** A server on 127.0.0.1, and alice! and bob! created on it through the CLI. */
    private void serverWithAliceAndBob() throws Exception {
        var created = ServerInit.init(dir.resolve("server"), "127.0.0.1", 0, "self", null, "open", 8, 10,
                Clock.systemUTC(), new SecureRandom());
        Files.writeString(created.config(), Files.readString(created.config())
                .replace("listen: 0.0.0.0", "listen: 127.0.0.1"));
        server = RunningServer.start(created.config(), Clock.systemUTC());
        assertThat(mailv2("alice", "account", "create", "alice!", "--server", server.url(), "--yes").exit()).isZero();
        assertThat(mailv2("bob", "account", "create", "bob!", "--server", server.url(), "--yes").exit()).isZero();
    }

    @Test
    void everydayCommandsWork() throws Exception {
        serverWithAliceAndBob();
        assertThat(mailv2("bob", "screener", "accept", "alice!").exit()).isZero(); // he expects her
        assertThat(mailv2("alice", Map.of(), "hello", "send", "--to", "bob!", "--subject", "one").exit()).isZero();

        assertThat(mailv2("alice", "contacts", "list").out()).contains("bob!", "pinned");
        assertThat(mailv2("alice", "contacts", "list", "--json").out()).contains("\"address\":\"bob!\"",
                "\"status\":\"pinned\"");
        assertThat(mailv2("alice", "account", "list", "--json").out()).contains("\"address\":\"alice!\"",
                "\"current\":true");
        assertThat(mailv2("alice", "contacts", "show", "bob!").out()).contains("signing key", "encryption key age1");
        assertThat(mailv2("alice", "keys", "list").out()).contains("alice!", "signing", "encryption");

        String id = (String) ((Map<?, ?>) Json.mapper().readValue(mailv2("bob", "inbox", "--json").out(), List.class)
                .get(0)).get("id");
        assertThat(mailv2("bob", "flag", id, "--seen", "--flagged").exit()).isZero();
        assertThat(mailv2("bob", "inbox", "--json").out()).contains("\"flagged\"", "\"seen\"");
        assertThat(mailv2("bob", "flag", id, "--unflagged").exit()).isZero();
        assertThat(mailv2("bob", "inbox", "--json").out()).doesNotContain("\"flagged\"");
        assertThat(mailv2("bob", "move", id, "archive").exit()).isZero();
        assertThat(mailv2("bob", "inbox").out()).contains("(no messages in inbox)");
        assertThat(mailv2("bob", "inbox", "--box", "archive").out()).contains("one");
        // delete means "to the trash"; deleting from the trash removes for good.
        assertThat(mailv2("bob", "delete", id).exit()).isZero();
        assertThat(mailv2("bob", "inbox", "--box", "archive").out()).contains("(no messages in archive)");
        assertThat(mailv2("bob", "inbox", "--box", "trash").out()).contains("one");
        assertThat(mailv2("bob", "read", id).exit()).isZero();
        assertThat(mailv2("bob", "delete", id).exit()).isZero();
        assertThat(mailv2("bob", "read", id).exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(mailv2("bob", "inbox", "--box", "trash").out()).contains("(no messages in trash)");

        assertThat(mailv2("alice", Map.of("MAILV2_NEW_PASSPHRASE", "a brand new passphrase"), null,
                "keys", "passphrase").exit()).isZero();
        assertThat(mailv2("alice", "keys", "list").exit()).as("old passphrase").isEqualTo(ExitCodes.VERIFICATION);
        Map<String, String> renewed = Map.of("MAILV2_PASSPHRASE", "a brand new passphrase",
                "MAILV2_NEW_PASSPHRASE", "export passphrase!", "MAILV2_EXPORT_PASSPHRASE", "export passphrase!");
        Path export = dir.resolve("alice-export.mv2");
        assertThat(mailv2("alice", renewed, null, "keys", "export", export.toString()).exit()).isZero();
        Map<String, String> restore = Map.of("MAILV2_PASSPHRASE", "laptop passphrase",
                "MAILV2_EXPORT_PASSPHRASE", "export passphrase!");
        assertThat(mailv2("laptop", restore, null, "keys", "import", export.toString()).exit()).isZero();
        assertThat(mailv2("laptop", restore, null, "account", "list").out()).contains("* alice!");
        assertThat(mailv2("laptop", restore, null, "inbox", "--box", "sent").out()).contains("bob!", "one");

        assertThat(mailv2("alice", "generate-completion").out()).contains("mailv2", "send", "inbox");
    }

    @Test
    void repliesThreadAndWatchPrintsNewMailAsItArrives() throws Exception {
        serverWithAliceAndBob();
        assertThat(mailv2("alice", "screener", "accept", "bob!").exit()).isZero(); // she expects him

        Map<String, String> aliceEnv = Map.of("MAILV2_HOME", dir.resolve("alice").toString(),
                "MAILV2_PASSPHRASE", "passphrase of alice");
        CommandLine watcher = MailCli.commandLine(aliceEnv);
        StringWriter watched = new StringWriter();
        watcher.setOut(new PrintWriter(watched, true));
        watcher.setErr(new PrintWriter(watched, true));
        WatchCommand watch = watcher.getSubcommands().get("watch").getCommand();
        var running = java.util.concurrent.CompletableFuture.supplyAsync(() -> watcher.execute("watch"));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!watched.toString().contains("watching alice!")) {
            assertThat(System.nanoTime()).as(watched.toString()).isLessThan(deadline);
            Thread.sleep(20);
        }

        assertThat(mailv2("bob", Map.of(), "first", "send", "--to", "alice!", "--subject", "Plans").exit()).isZero();
        while (!watched.toString().contains("Plans  [verified]")) {
            assertThat(System.nanoTime()).as(watched.toString()).isLessThan(deadline);
            Thread.sleep(20);
        }
        watch.stop.countDown();
        assertThat(running.get(10, java.util.concurrent.TimeUnit.SECONDS)).isZero();

        String plans = (String) ((Map<?, ?>) Json.mapper().readValue(mailv2("alice", "inbox", "--json").out(),
                List.class).get(0)).get("id");
        assertThat(mailv2("alice", Map.of(), "agreed", "send", "--to", "bob!", "--subject", "Re: Plans",
                "--reply-to", plans).exit()).isZero();
        assertThat(mailv2("bob", Map.of(), "unrelated", "send", "--to", "alice!", "--subject", "Other").exit())
                .isZero();
        String reply = (String) ((Map<?, ?>) Json.mapper().readValue(mailv2("bob", "inbox", "--json").out(),
                List.class).get(0)).get("id");
        assertThat(mailv2("bob", Map.of(), "ok", "send", "--to", "alice!", "--subject", "Re: Re: Plans",
                "--reply-to", reply).exit()).isZero();
        String threaded = mailv2("alice", "inbox", "--threads").out();
        assertThat(threaded).contains("Plans (2)", "Other (1)");
    }

    @Test
    @SuppressWarnings("unchecked")
    void syncWatchAndAccountSettingsSpeakJsonForScripts() throws Exception {
        serverWithAliceAndBob();
        Map<String, Object> settings = Json.mapper().readValue(mailv2("alice", "account", "set", "--json").out(), Map.class);
        assertThat(settings).containsEntry("address", "alice!").containsEntry("screener", true)
                .containsEntry("stampBits", null);

        Map<String, String> aliceEnv = Map.of("MAILV2_HOME", dir.resolve("alice").toString(),
                "MAILV2_PASSPHRASE", "passphrase of alice");
        CommandLine watcher = MailCli.commandLine(aliceEnv);
        StringWriter watched = new StringWriter();
        watcher.setOut(new PrintWriter(watched, true));
        watcher.setErr(new PrintWriter(watched, true));
        WatchCommand watch = watcher.getSubcommands().get("watch").getCommand();
        var running = java.util.concurrent.CompletableFuture.supplyAsync(() -> watcher.execute("watch", "--json"));
        assertThat(mailv2("alice", "screener", "accept", "bob!").exit()).isZero();
        assertThat(mailv2("bob", Map.of(), "first", "send", "--to", "alice!", "--subject", "Plans").exit()).isZero();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!watched.toString().contains("Plans")) {
            assertThat(System.nanoTime()).as(watched.toString()).isLessThan(deadline);
            Thread.sleep(20);
        }
        watch.stop.countDown();
        assertThat(running.get(10, java.util.concurrent.TimeUnit.SECONDS)).isZero();
        String line = watched.toString().strip();
        assertThat(line.lines()).as("nothing but the JSON line").hasSize(1);
        Map<String, Object> arrived = Json.mapper().readValue(line, Map.class);
        assertThat(arrived).containsEntry("from", "bob!").containsEntry("subject", "Plans")
                .containsEntry("verified", true);

        assertThat(mailv2("bob", Map.of(), "second", "send", "--to", "alice!", "--subject", "Again").exit()).isZero();
        Map<String, Object> round = Json.mapper().readValue(mailv2("alice", "sync", "--json").out(), Map.class);
        assertThat(round).containsEntry("box", "inbox").containsEntry("added", 1).containsEntry("screened", 0)
                .containsEntry("unreachable", null);
        assertThat((List<?>) round.get("outbox")).isEmpty();
    }
}
