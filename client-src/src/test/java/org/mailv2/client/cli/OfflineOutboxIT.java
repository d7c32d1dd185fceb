package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.json.Json;
import org.mailv2.server.app.RunningServer;
import org.mailv2.server.app.ServerInit;
import picocli.CommandLine;

/** A message written while the own server is down waits in the local outbox and is delivered, once, when it is back. */
class OfflineOutboxIT {
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

    private Run mailv2(String user, String stdin, String... args) {
        CommandLine cli = MailCli.commandLine(Map.of("MAILV2_HOME", dir.resolve(user).toString(),
                "MAILV2_PASSPHRASE", "passphrase of " + user));
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        if (stdin != null) {
            ((SendCommand) cli.getSubcommands().get("send").getCommand()).stdin =
                    new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        }
        return new Run(cli.execute(args), out.toString());
    }

    @Test
    void writtenOfflineDeliveredOnceWhenTheServerIsBack() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        var created = ServerInit.init(dir.resolve("server"), "127.0.0.1", port, "self", null, "open", 8, 10,
                Clock.systemUTC(), new SecureRandom());
        Files.writeString(created.config(), Files.readString(created.config())
                .replace("listen: 0.0.0.0", "listen: 127.0.0.1"));
        server = RunningServer.start(created.config(), Clock.systemUTC());
        assertThat(mailv2("alice", null, "account", "create", "alice!", "--server", server.url(), "--yes").exit())
                .isZero();
        assertThat(mailv2("bob", null, "account", "create", "bob!", "--server", server.url(), "--yes").exit())
                .isZero();
        assertThat(mailv2("bob", null, "screener", "accept", "alice!").exit()).isZero(); // he expects her
        assertThat(mailv2("alice", "first", "send", "--to", "bob!", "--subject", "online").exit()).isZero();

        assertThat(mailv2("bob", null, "inbox").out()).contains("online");

        server.close();
        server = null;
        Run cached = mailv2("bob", null, "inbox", "--search", "onl");
        assertThat(cached.exit()).isZero();
        assertThat(cached.out()).contains("server is unreachable", "alice!", "online  [verified]");
        assertThat(mailv2("bob", null, "inbox", "--offline", "--search", "nothing like it").out())
                .contains("(no messages in inbox)");
        Run offline = mailv2("alice", "written on the train", "send", "--to", "bob!", "--subject", "offline");
        assertThat(offline.exit()).as(offline.out()).isZero();
        assertThat(offline.out()).contains("waiting for bob!", "mailv2 sync");
        assertThat(mailv2("alice", null, "sync").exit()).as("still down").isEqualTo(ExitCodes.NETWORK);

        server = RunningServer.start(created.config(), Clock.systemUTC());
        Run sync = mailv2("alice", null, "sync");
        assertThat(sync.exit()).as(sync.out()).isZero();
        assertThat(sync.out()).contains("outbox: 2 of 2 sent");
        assertThat(mailv2("alice", null, "sync").out()).contains("outbox: 0 of 0 sent");

        Run inbox = mailv2("bob", null, "inbox", "--json");
        List<?> rows = Json.mapper().readValue(inbox.out(), List.class);
        List<Object> subjects = rows.stream().map(r -> ((Map<?, ?>) r).get("subject")).map(Object.class::cast)
                .toList();
        assertThat(subjects).containsExactlyInAnyOrder((Object) "online", "offline");
        Run sent = mailv2("alice", null, "inbox", "--box", "sent", "--json");
        assertThat(Json.mapper().readValue(sent.out(), List.class)).hasSize(2);
    }
}
