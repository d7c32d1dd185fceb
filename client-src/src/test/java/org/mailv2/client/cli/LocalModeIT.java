package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The embedded default: `mailv2 local` starts a real server on 127.0.0.1, creates the first account with a welcome
 * message; a second user (another MAILV2_HOME) joins the same server and the two write to each other.
 */
class LocalModeIT {
    @TempDir
    Path dir;

    private CommandLine cli(String user, StringWriter out) {
        CommandLine cli = MailCli.commandLine(Map.of("MAILV2_HOME", dir.resolve(user).toString(),
                "MAILV2_PASSPHRASE", "local passphrase " + user));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return cli;
    }

    @Test
    void aliceStartsTheLocalServerAndBobJoinsIt() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        StringWriter aliceOut = new StringWriter();
        CommandLine alice = cli("alice", aliceOut);
        LocalCommand aliceLocal = alice.getSubcommands().get("local").getCommand();
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(
                () -> alice.execute("local", "--no-tui", "--address", "alice!", "--port", Integer.toString(port)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!aliceOut.toString().contains("Press Ctrl-C to stop.")) {
            assertThat(running).as(aliceOut.toString()).isNotDone();
            assertThat(System.nanoTime()).as(aliceOut.toString()).isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(aliceOut.toString()).contains("Local server started at https://127.0.0.1:" + port,
                "You are alice!", "welcome!", "Welcome to mailv2");

        StringWriter bobOut = new StringWriter();
        assertThat(cli("bob", bobOut).execute("local", "--once", "--address", "bob!", "--port", Integer.toString(port)))
                .as(bobOut.toString()).isZero();
        assertThat(bobOut.toString()).contains("Joined the local server", "You are bob!");

        StringWriter sendOut = new StringWriter();
        CommandLine bobSend = cli("bob", sendOut);
        ((SendCommand) bobSend.getSubcommands().get("send").getCommand()).stdin =
                new java.io.ByteArrayInputStream("hello from the other terminal\n".getBytes());
        assertThat(bobSend.execute("send", "--to", "alice!", "--subject", "from bob")).as(sendOut.toString()).isZero();

        // bob is a stranger to alice: his message waits in her screener until she lets him in (welcome!, an account
        // of her own vault, was let in by the sync).
        StringWriter screened = new StringWriter();
        assertThat(cli("alice", screened).execute("screener", "list")).isZero();
        assertThat(screened.toString()).contains("bob!", "from bob").doesNotContain("welcome!");
        assertThat(cli("alice", new StringWriter()).execute("screener", "accept", "bob!")).isZero();
        StringWriter inbox = new StringWriter();
        assertThat(cli("alice", inbox).execute("inbox")).isZero();
        assertThat(inbox.toString()).contains("bob!", "from bob", "welcome!");

        aliceLocal.stop.countDown();
        assertThat(running.get(30, TimeUnit.SECONDS)).isZero();
    }
}
