package org.mailv2.client.tui;

import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.Executors;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.KeyringStore;
import org.mailv2.client.core.paths.ClientPaths;
import org.mailv2.protocol.pow.StampSolver;

/** Opens the terminal UI on the real terminal for a session, and restores the terminal however it ends. */
public final class TuiLauncher {
    private TuiLauncher() {
    }

    /**
     * Opens a session on an unlocked keyring and runs the UI on it until the user quits; the session owns (and wipes)
     * the passphrase. This is the CLI's one way into the TUI ({@code mailv2 tui}), so the CLI needs no other TUI type.
     * {@code unlockedAtMillis} (wall clock) is only for the timing line.
     */
    public static void open(ClientPaths paths, KeyringStore keyrings, Keyring keyring, char[] passphrase,
                            Map<String, String> env, Clock clock, SecureRandom random, StampSolver solver,
                            long unlockedAtMillis) throws IOException, InterruptedException {
        try (MailSession session = new MailSession(paths, keyrings, keyring, passphrase, clock, random, solver)) {
            run(session, env, clock, unlockedAtMillis);
        }
    }

    /**
     * Runs until the user quits. Key map, theme and switches come from the config folder ({@code keys.properties},
     * {@code theme.properties}, {@code ui.properties}); {@code NO_COLOR} turns colours off.
     */
    public static void run(MailSession session, Map<String, String> env, Clock clock) throws IOException,
            InterruptedException {
        run(session, env, clock, 0);
    }

    /** As {@link #run(MailSession, Map, Clock)}; {@code unlockedAtMillis} (wall clock) is only for the timing line. */
    public static void run(MailSession session, Map<String, String> env, Clock clock, long unlockedAtMillis)
            throws IOException, InterruptedException {
        long sessionReady = System.currentTimeMillis();
        var config = session.paths().configDir();
        KeyMap keys = KeyMap.load(config.resolve("keys.properties"));
        Theme theme = Theme.load(config.resolve("theme.properties"), env);
        MailTui.Settings settings = MailTui.Settings.load(config.resolve("ui.properties"));
        Terminal terminal = new DefaultTerminalFactory(System.out, System.in, StandardCharsets.UTF_8)
                .setForceTextTerminal(true).createTerminal();
        TerminalScreen screen = new TerminalScreen(terminal);
        screen.startScreen();
        var workers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "mailv2-job");
            t.setDaemon(true);
            return t;
        });
        long firstFrame = 0;
        try (MailTui tui = new MailTui(session, screen, keys, theme, settings, workers, clock,
                ZoneId.systemDefault())) {
            tui.start();
            tui.run();
            firstFrame = tui.firstFrameMillis();
        } finally {
            screen.stopScreen();
        }
        if (env.containsKey("MAILV2_TIMING")) {
            // For measuring startup (BENCHMARKS.md): from the JVM's start to the first frame on the terminal.
            long jvm = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
            System.err.printf("mailv2: first frame %d ms after the JVM started (vault unlocked at %d ms, session"
                    + " ready at %d ms)%n", firstFrame - jvm, unlockedAtMillis == 0 ? -1 : unlockedAtMillis - jvm,
                    sessionReady - jvm);
        }
    }
}
