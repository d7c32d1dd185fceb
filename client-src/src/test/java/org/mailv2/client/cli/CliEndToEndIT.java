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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.json.Json;
import org.mailv2.server.app.RunningServer;
import org.mailv2.server.app.ServerInit;
import picocli.CommandLine;

/** The real `mailv2` command classes against a real server on 127.0.0.1, as a user (or a script) would use them. */
class CliEndToEndIT {
    @TempDir
    Path dir;

    private RunningServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    record Run(int exit, String out, String err) {
    }

    private Run mailv2(String user, String stdin, String... args) {
        Map<String, String> env = Map.of("MAILV2_HOME", dir.resolve(user).toString(),
                "MAILV2_PASSPHRASE", "correct horse battery staple " + user);
        CommandLine cli = MailCli.commandLine(env);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        if (stdin != null) {
            CommandLine send = cli.getSubcommands().get("send");
            ((SendCommand) send.getCommand()).stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        }
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private RunningServer startServer() throws Exception {
        var created = ServerInit.init(dir.resolve("server"), "127.0.0.1", 0, "self", null, "open", 8, 10,
                Clock.systemUTC(), new SecureRandom());
        Files.writeString(created.config(), Files.readString(created.config())
                .replace("listen: 0.0.0.0", "listen: 127.0.0.1"));
        return RunningServer.start(created.config(), Clock.systemUTC());
    }

    @Test
    void aliceAndBobCreateAccountsAndExchangeMail() throws Exception {
        server = startServer();
        String url = server.url();
        Run refused = mailv2("alice", null, "account", "create", "alice!", "--server", url);
        assertThat(refused.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.out()).contains(server.certificatePin().hex());

        assertThat(mailv2("alice", null, "account", "create", "alice!", "--server", url, "--pin",
                server.certificatePin().hex(), "--name", "Alice").exit()).isZero();
        assertThat(mailv2("bob", null, "account", "create", "bob!", "--server", url, "--yes").exit()).isZero();
        assertThat(mailv2("alice", null, "account", "list").out()).contains("* alice!");
        // Bob expects alice's notes: he lets her past his screener before she writes (see ScreenerEndToEndIT).
        assertThat(mailv2("bob", null, "screener", "accept", "alice!").exit()).isZero();

        Path attachment = Files.write(dir.resolve("notes.txt"), "meeting notes\n".getBytes(StandardCharsets.UTF_8));
        Run sent = mailv2("alice", "Hi Bob,\nsee the notes.\n", "send", "--to", "bob!", "--subject", "Notes",
                "--attach", attachment.toString(), "--json");
        assertThat(sent.exit()).as(sent.err()).isZero();
        assertThat(sent.out()).contains("\"recipient\":\"bob!\"", "\"stampBits\":10");

        Run inbox = mailv2("bob", null, "inbox", "--json");
        assertThat(inbox.exit()).as(inbox.err()).isZero();
        List<?> rows = Json.mapper().readValue(inbox.out(), List.class);
        assertThat(rows).hasSize(1);
        Map<?, ?> row = (Map<?, ?>) rows.get(0);
        assertThat(row.get("verified")).isEqualTo(true);
        assertThat(row.get("from")).isEqualTo("alice!");
        assertThat(row.get("subject")).isEqualTo("Notes");

        Path saved = dir.resolve("saved");
        Run read = mailv2("bob", null, "read", (String) row.get("id"), "--save-attachments", saved.toString());
        assertThat(read.exit()).as(read.err()).isZero();
        assertThat(read.out()).contains("From:    alice! (Alice)  [verified]", "Hi Bob,\nsee the notes.");
        assertThat(Files.readString(saved.resolve("notes.txt"))).isEqualTo("meeting notes\n");

        Run unknown = mailv2("alice", "x", "send", "--to", "nobody!", "--subject", "?");
        assertThat(unknown.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(unknown.err()).contains("nobody! has not published keys");
    }

    @Test
    void theVaultHoldsNoPlaintextAndNeedsItsPassphrase() throws Exception {
        server = startServer();
        assertThat(mailv2("alice", null, "account", "create", "alice!", "--server", server.url(), "--yes").exit())
                .isZero();
        Path vault;
        try (Stream<Path> files = Files.walk(dir.resolve("alice"))) {
            vault = files.filter(p -> p.getFileName().toString().startsWith("vault")).findFirst().orElseThrow();
        }
        String raw = new String(Files.readAllBytes(vault), StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain("alice!", "AGE-SECRET-KEY", "MAILV2-ED25519-SECRET");

        CommandLine cli = MailCli.commandLine(Map.of("MAILV2_HOME", dir.resolve("alice").toString(),
                "MAILV2_PASSPHRASE", "wrong passphrase!"));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("account", "list")).isEqualTo(ExitCodes.VERIFICATION);
        assertThat(err.toString()).contains("passphrase");
    }
}
