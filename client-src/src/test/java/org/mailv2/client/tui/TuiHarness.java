package org.mailv2.client.tui;

import org.mailv2.client.core.session.ClientSession;
import static org.assertj.core.api.Assertions.fail;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.KeyringStore;
import org.mailv2.client.core.paths.ClientPaths;
import org.mailv2.client.core.vault.VaultCost;
import org.mailv2.client.core.vault.VaultFile;
import org.mailv2.protocol.pow.StampSolver;

/**
 * The real TUI on Lanterna's virtual terminal: keys go in as key strokes, the screen comes out as text. The test
 * drives the GUI loop itself ({@link MailTui#pump()}), so nothing here sleeps for a fixed time; waiting for a
 * background job means pumping until the screen shows its result.
 */
public final class TuiHarness implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    final DefaultVirtualTerminal terminal;
    final TerminalScreen screen;
    final MailSession session;
    final MailTui tui;
    private final ExecutorService workers = Executors.newFixedThreadPool(2);

    public TuiHarness(Path home, Keyring keyring, int columns, int rows) throws IOException {
        this(created(ClientPaths.under(home).ensureCreated(), keyring), columns, rows, System.getenv());
    }

    /** As above, viewers of attachments running in {@code environment} (mailcap files, runtime folder). */
    public TuiHarness(Path home, Keyring keyring, int columns, int rows, java.util.Map<String, String> environment)
            throws IOException {
        this(created(ClientPaths.under(home).ensureCreated(), keyring), columns, rows, environment);
    }

    /** A terminal UI over an existing home, its vault opened with {@code passphrase} (shared with other processes). */
    public TuiHarness(ClientPaths paths, char[] passphrase, int columns, int rows) throws IOException {
        this(opened(new KeyringStore(paths.vault(), new VaultFile()), paths, passphrase), columns, rows,
                System.getenv());
    }

    private TuiHarness(ClientSession core, int columns, int rows, java.util.Map<String, String> environment)
            throws IOException {
        this.session = new MailSession(core);
        this.terminal = new DefaultVirtualTerminal(new TerminalSize(columns, rows));
        this.screen = new TerminalScreen(terminal);
        screen.startScreen();
        this.tui = new MailTui(session, screen, KeyMap.defaults(), Theme.defaults(),
                new MailTui.Settings(false, false, environment),
                workers, Clock.systemUTC(), ZoneOffset.UTC);
        tui.start();
        pump();
    }

    /** A new home whose vault (cheap to derive) holds {@code keyring}. */
    private static ClientSession created(ClientPaths paths, Keyring keyring) throws IOException {
        char[] passphrase = "harness passphrase".toCharArray();
        KeyringStore store = new KeyringStore(paths.vault(), new VaultFile(RANDOM, VaultCost.MINIMUM));
        store.save(keyring, passphrase);
        return opened(store, paths, passphrase);
    }

    private static ClientSession opened(KeyringStore store, ClientPaths paths, char[] passphrase) throws IOException {
        return new ClientSession(paths, store, store.unlock(passphrase), Clock.systemUTC(), RANDOM,
                new StampSolver(1));
    }

    /** Runs the GUI loop until it has nothing left to do right now. */
    void pump() throws IOException {
        for (int i = 0; i < 100 && tui.pump(); i++) {
            // keep going while there is input or queued work
        }
    }

    public void type(String text) throws IOException {
        for (char c : text.toCharArray()) {
            terminal.addInput(c == '\n' ? new KeyStroke(KeyType.Enter) : new KeyStroke(c, false, false));
        }
        pump();
    }

    public void press(KeyType key) throws IOException {
        terminal.addInput(new KeyStroke(key));
        pump();
    }

    void ctrl(char c) throws IOException {
        terminal.addInput(new KeyStroke(c, true, false));
        pump();
    }

    /** The screen as lines of text. */
    public String screenText() {
        StringBuilder text = new StringBuilder();
        TerminalSize size = terminal.getTerminalSize();
        for (int row = 0; row < size.getRows(); row++) {
            StringBuilder line = new StringBuilder();
            for (int col = 0; col < size.getColumns(); col++) {
                line.append(terminal.getCharacter(col, row).getCharacterString());
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }

    /** The line of the screen containing {@code needle}, or fails. */
    public String lineWith(String needle) {
        for (String line : screenText().split("\n")) {
            if (line.contains(needle)) {
                return line;
            }
        }
        return fail("no line with '" + needle + "' on\n" + screenText());
    }

    /** Pumps the GUI loop until the screen satisfies {@code condition} (background jobs finishing), or fails. */
    public String await(String what, Predicate<String> condition) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            pump();
            String text = screenText();
            boolean met;
            try {
                met = condition.test(text);
            } catch (AssertionError notYet) {
                met = false; // e.g. the line the condition looks at is not on screen yet
            }
            if (met) {
                return text;
            }
            if (System.nanoTime() > deadline) {
                return fail("timed out waiting for " + what + "; last error: " + tui.lastError() + "; screen:\n"
                        + text);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    public String awaitText(String needle) throws IOException {
        return await("'" + needle + "'", s -> s.contains(needle));
    }

    @Override
    public void close() throws IOException {
        tui.close();
        session.close();
        screen.stopScreen();
        workers.shutdownNow();
    }
}
