package org.mailv2.client.tui;

import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.Executors;

/** Opens the terminal UI on the real terminal for a session, and restores the terminal however it ends. */
public final class TuiLauncher {
    private TuiLauncher() {
    }

    /**
     * Runs until the user quits. Key map, theme and switches come from the config folder ({@code keys.properties},
     * {@code theme.properties}, {@code ui.properties}); {@code NO_COLOR} turns colours off.
     */
    public static void run(MailSession session, Map<String, String> env, Clock clock) throws IOException,
            InterruptedException {
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
        try (MailTui tui = new MailTui(session, screen, keys, theme, settings, workers, clock,
                ZoneId.systemDefault())) {
            tui.start();
            tui.run();
        } finally {
            screen.stopScreen();
        }
    }
}
