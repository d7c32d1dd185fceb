package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.server.app.RunningServer;
import picocli.CommandLine;

/**
 * {@code mailv2 unlock} starts a real agent process that holds the vault key; commands then open the vault without the
 * passphrase (here: a wrong one in the passphrase file, which they never need), until {@code mailv2 lock}.
 */
class AgentIT {
    @TempDir
    Path dir;

    private CliWorld world;

    @AfterEach
    void stop() {
        run(Map.of(), "lock");
        world.close();
    }

    private CliWorld.Run run(Map<String, String> extra, String... args) {
        Map<String, String> env = new HashMap<>(Map.of("MAILV2_HOME", dir.resolve("home-alice").toString(),
                "XDG_RUNTIME_DIR", dir.resolve("run").toString()));
        env.putAll(extra);
        CommandLine cli = MailCli.commandLine(env);
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        return new CliWorld.Run(cli.execute(args), out.toString());
    }

    @Test
    void anUnlockedVaultOpensWithoutThePassphraseUntilLocked() throws Exception {
        world = new CliWorld(dir);
        world.env.put("XDG_RUNTIME_DIR", dir.resolve("run").toString());
        RunningServer server = world.server("one", null);
        world.ok("alice", "account", "create", "alice!", "--server", server.url(), "--yes");
        Path wrong = Files.writeString(dir.resolve("wrong-passphrase"), "not the passphrase at all");

        assertThat(run(Map.of(), "--passphrase-file", wrong.toString(), "account", "list").exit())
                .isEqualTo(ExitCodes.VERIFICATION);
        CliWorld.Run unlocked = run(Map.of("MAILV2_PASSPHRASE", "passphrase of alice"), "unlock");
        assertThat(unlocked.exit()).as(unlocked.out()).isZero();
        assertThat(unlocked.out()).contains("unlocked");

        CliWorld.Run listed = run(Map.of(), "--passphrase-file", wrong.toString(), "account", "list");
        assertThat(listed.exit()).as(listed.out()).isZero();
        assertThat(listed.out()).contains("alice!");
        // Changes save under the agent's key, and the vault still opens with the passphrase afterwards.
        assertThat(run(Map.of(), "--passphrase-file", wrong.toString(), "inbox").exit()).isZero();
        assertThat(run(Map.of("MAILV2_PASSPHRASE", "passphrase of alice"), "unlock").out())
                .contains("already holds");

        assertThat(run(Map.of(), "lock").out()).contains("locked");
        assertThat(run(Map.of(), "--passphrase-file", wrong.toString(), "account", "list").exit())
                .isEqualTo(ExitCodes.VERIFICATION);
        assertThat(world.ok("alice", "account", "list").out()).contains("alice!");
    }
}
