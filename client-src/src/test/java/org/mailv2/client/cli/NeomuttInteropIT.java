package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.server.app.RunningServer;

/**
 * What `mailv2 export --maildir` writes, opened by another mail client: NeoMutt, in tmux, lists bob's exported inbox
 * and shows the message with its text and its attachment, as a user who moves to NeoMutt would see them.
 *
 * <p>Needs {@code neomutt} and {@code tmux}; CI sets {@code -Dmailv2.interop=required}, so a missing one fails there.
 */
class NeomuttInteropIT {
    @TempDir
    Path dir;

    private CliWorld world;
    private Path socket;

    @BeforeEach
    void start() throws Exception {
        for (String tool : List.of("neomutt", "tmux")) {
            if (!onPath(tool)) {
                if ("required".equals(System.getProperty("mailv2.interop"))) {
                    fail(tool + " is required (-Dmailv2.interop=required) but is not on PATH: apt-get install " + tool);
                }
                Assumptions.assumeTrue(false, tool + " not on PATH: apt-get install " + tool
                        + ", or CI's -Dmailv2.interop=required");
            }
        }
        world = new CliWorld(dir);
        RunningServer server = world.server("one", null, CliWorld.UNTHROTTLED);
        world.ok("alice", "account", "create", "alice!", "--server", server.url(), "--yes");
        world.ok("bob", "account", "create", "bob!", "--server", server.url(), "--yes");
        world.ok("bob", "screener", "accept", "alice!");
        socket = dir.resolve("tmux.sock");
    }

    @AfterEach
    void stop() throws Exception {
        if (socket != null && Files.exists(socket)) {
            run("tmux", "-S", socket.toString(), "kill-server");
        }
        if (world != null) {
            world.close();
        }
    }

    @Test
    void neomuttReadsTheExportedMaildirWithTextAndAttachment() throws Exception {
        Path photo = Files.write(dir.resolve("garden.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3});
        world.ok("alice", "send", "--to", "bob!", "--subject", "Seed swap photos", "--body-file",
                world.file("The greenhouse was full.\n"), "--attach", photo.toString());
        world.awaitMessage("bob", "Seed swap photos");
        Path maildir = dir.resolve("Mail");
        world.ok("bob", "export", "--maildir", maildir.toString());

        Path home = Files.createDirectories(dir.resolve("neomutt-home"));
        Files.createDirectories(home.resolve("Mail")); // its default folder; it asks to create it otherwise
        run("tmux", "-S", socket.toString(), "new-session", "-d", "-x", "140", "-y", "40", "env", "HOME=" + home,
                "TERM=screen", "neomutt", "-n", "-F", "/dev/null", "-R", "-f", maildir.resolve("inbox").toString());
        String index = await(screen -> screen.contains("Seed swap photos"));
        assertThat(index).contains("alice");

        run("tmux", "-S", socket.toString(), "send-keys", "Enter");
        String shown = await(screen -> screen.contains("The greenhouse was full."));
        assertThat(shown).contains("Subject: Seed swap photos", "garden.jpg");
    }

    private String await(java.util.function.Predicate<String> ready) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = run("tmux", "-S", socket.toString(), "capture-pane", "-p");
            if (ready.test(screen)) {
                return screen;
            }
            Thread.sleep(100);
        }
        return fail("NeoMutt never showed what was expected; its screen:\n" + screen);
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
