import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.KeyringStore;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.paths.ClientPaths;
import org.mailv2.client.core.vault.VaultFile;
import org.mailv2.client.tui.KeyMap;
import org.mailv2.client.core.session.ClientSession;
import org.mailv2.client.tui.MailSession;
import org.mailv2.client.tui.MailTui;
import org.mailv2.client.tui.Theme;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.seal.Summary;

/**
 * TUI startup and scrolling over a cached inbox of MESSAGES (default 100,000) messages, on Lanterna's virtual
 * terminal (120x40), offline (the account's server does not answer, as on a train). Reference, same run: reading the
 * same rows straight from the summary cache without any UI.
 */
public class TuiBench {
    public static void main(String[] args) throws Exception {
        int messages = Integer.parseInt(System.getenv().getOrDefault("MESSAGES", "100000"));
        Path home = Path.of(args.length > 0 ? args[0] : "bench/out/tui-home-" + messages).toAbsolutePath();
        SecureRandom random = new SecureRandom();
        ClientPaths paths = ClientPaths.under(home).ensureCreated();
        KeyringStore store = new KeyringStore(paths.vault(), new VaultFile());
        char[] passphrase = "benchmark passphrase".toCharArray();
        Keyring keyring;
        if (!store.exists()) {
            OwnAccount me = new OwnAccount("alice!", null, "https://127.0.0.1:1", Sha256.hash("none"),
                    Sha256.hash("route"), null, null, SigningPrivateKey.generate(random).secretText(),
                    EncryptionIdentity.generate(random).secretText(), Instant.now());
            keyring = Keyring.empty().withAccount(me).withCacheKey(random);
            long t0 = System.nanoTime();
            try (SummaryCache cache = new SummaryCache(paths.cacheDb(), keyring.cacheKeyBytes(), random)) {
                Sha256 account = me.parsedAddress().hash();
                for (int i = 1; i <= messages; i++) {
                    Summary s = new Summary("sender" + (i % 500) + "!", List.of("alice!"), List.of(), List.of(),
                            "Message number " + i + " about topic " + (i % 977), Instant.parse("2026-01-01T00:00:00Z")
                            .plusSeconds(i * 60L).toString(), "m" + i + "@bench", "t" + (i / 3), null, 2000,
                            List.of());
                    cache.put(account, new SummaryCache.Entry(new java.util.UUID(0, i).toString(), i, "inbox",
                            i % 7 == 0 ? Set.of() : Set.of("seen"), s, null));
                }
            }
            store.save(keyring, passphrase);
            System.out.printf("filled the cache with %,d messages in %.1f s (once; reused by later runs)%n", messages,
                    (System.nanoTime() - t0) / 1e9);
        }
        long unlock = System.nanoTime();
        keyring = store.load(passphrase.clone());
        double unlockMs = (System.nanoTime() - unlock) / 1e6;

        // Reference: the rows of one screen straight from the cache (top and bottom of the box).
        double[] reference = new double[20];
        try (SummaryCache cache = new SummaryCache(paths.cacheDb(), keyring.cacheKeyBytes(), random)) {
            Sha256 account = keyring.currentAccount().parsedAddress().hash();
            for (int i = 0; i < reference.length; i++) {
                long t = System.nanoTime();
                cache.page(account, "inbox", i % 2 == 0 ? 0 : messages - 38, 38);
                cache.count(account, "inbox");
                reference[i] = (System.nanoTime() - t) / 1e6;
            }
        }

        double[] startup = new double[6];
        double[] keys = null;
        double[] jumps = null;
        for (int run = 0; run < startup.length; run++) {
            // Unlocking (one Argon2id run) is measured above; each run gets its own unlocked store, as a process would.
            KeyringStore unlocked = new KeyringStore(paths.vault(), new VaultFile());
            Keyring opened = unlocked.unlock(passphrase.clone());
            long t = System.nanoTime();
            MailSession session = new MailSession(new ClientSession(paths, unlocked, opened, Clock.systemUTC(),
                    random, new StampSolver(1)));
            DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(120, 40));
            TerminalScreen screen = new TerminalScreen(terminal);
            screen.startScreen();
            var workers = Executors.newFixedThreadPool(2);
            MailTui tui = new MailTui(session, screen, KeyMap.defaults(), Theme.defaults(),
                    new MailTui.Settings(false, false), workers, Clock.systemUTC(), ZoneOffset.UTC);
            tui.start();
            tui.pump();
            startup[run] = (System.nanoTime() - t) / 1e6;
            if (run == startup.length - 1) {
                keys = new double[2000];
                for (int i = 0; i < keys.length; i++) {
                    terminal.addInput(new KeyStroke(i % 100 < 50 ? KeyType.ArrowDown : KeyType.PageDown));
                    long k = System.nanoTime();
                    tui.pump();
                    keys[i] = (System.nanoTime() - k) / 1e6;
                }
                jumps = new double[20];
                for (int i = 0; i < jumps.length; i++) {
                    terminal.addInput(new KeyStroke(i % 2 == 0 ? 'G' : 'g', false, false));
                    long k = System.nanoTime();
                    tui.pump();
                    jumps[i] = (System.nanoTime() - k) / 1e6;
                }
            }
            tui.close();
            session.close();
            screen.stopScreen();
            workers.shutdownNow();
        }
        double ref = median(reference);
        System.out.printf("inbox of %,d cached messages, 120x40 virtual terminal, %s, %d cores%n", messages,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.printf("reference: one screen of rows straight from the cache   median %.2f ms%n", ref);
        System.out.printf("vault unlock (Argon2id 64 MiB, 3 passes)                 %.0f ms%n", unlockMs);
        System.out.printf("startup to first frame, cold (first in this JVM)         %.0f ms  (%.0fx reference)%n",
                startup[0], startup[0] / ref);
        System.out.printf("startup to first frame, warm (median of %d)               %.1f ms  (%.1fx reference)%n",
                startup.length - 1, median(Arrays.copyOfRange(startup, 1, startup.length)),
                median(Arrays.copyOfRange(startup, 1, startup.length)) / ref);
        System.out.printf("key press to redrawn frame (down/page down, %d presses)  median %.2f ms, p99 %.2f ms"
                + "  (%.1fx reference)%n", keys.length, median(keys), percentile(keys, 0.99), median(keys) / ref);
        System.out.printf("jump to the bottom and back (G/g, %d presses)            median %.2f ms, max %.2f ms"
                + "  (%.1fx reference)%n", jumps.length, median(jumps), max(jumps), median(jumps) / ref);
        System.exit(0);
    }

    static double median(double[] v) {
        return percentile(v, 0.5);
    }

    static double percentile(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.floor(p * (s.length - 1)))];
    }

    static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }
}
