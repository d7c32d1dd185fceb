import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.mailv2.client.cli.MailCli;
import org.mailv2.client.core.account.AccountCreator;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.KeyringStore;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.paths.ClientPaths;
import org.mailv2.client.core.vault.VaultFile;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.ApiClient;
import org.mailv2.protocol.api.CertificateProbe;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.SigningPublicKey;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.protocol.seal.InnerMessage;
import org.mailv2.protocol.seal.MessageOpener;
import org.mailv2.protocol.seal.MessageSealer;
import org.mailv2.protocol.seal.SealedMessage;
import org.mailv2.protocol.seal.VerifiedEnvelope;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.server.app.RunningServer;
import org.mailv2.server.app.ServerInit;
import org.mailv2.server.store.Database;
import org.mailv2.server.store.StoredMessage;
import picocli.CommandLine;

/**
 * First sync: MESSAGES (default 100,000) messages in alice!'s inbox on a local server (TLS on 127.0.0.1, SQLite,
 * request limits lifted), from SENDERS (default 10) senders with published keys, then `mailv2 sync` (its picocli
 * command line in this JVM, the vault unlocked in a real agent) into an empty summary cache, RUNS times. The messages
 * are real sealed and signed copies, put into the server's message store directly (not through its HTTP API: a
 * million requests' worth of setup), once, into bench/out/. Reference, same run: opening the same summaries alone
 * (X25519 unwrap, ChaCha20-Poly1305, the summary's JSON) on one thread, without verifying, the cache or the network.
 */
public class SyncBench {
    private static final String PASSPHRASE = "passphrase of alice";
    private static final Address ALICE = Address.parse("alice!");

    public static void main(String[] args) throws Exception {
        int messages = Integer.parseInt(System.getenv().getOrDefault("MESSAGES", "100000"));
        int senders = Integer.parseInt(System.getenv().getOrDefault("SENDERS", "10"));
        int runs = Integer.parseInt(System.getenv().getOrDefault("RUNS", "3"));
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "47321"));
        Path dir = Path.of("bench/out/sync-" + messages).toAbsolutePath();
        boolean fresh = !Files.exists(dir.resolve("ready"));
        if (fresh) {
            deleteTree(dir);
            Files.createDirectories(dir);
            var created = ServerInit.init(dir.resolve("server"), "127.0.0.1", port, "self", null, "open", 8, 10,
                    Clock.systemUTC(), new SecureRandom());
            Files.writeString(created.config(), Files.readString(created.config())
                    .replace("listen: 0.0.0.0", "listen: 127.0.0.1")
                    .replace("requestsPerMinutePerIp: 1200", "requestsPerMinutePerIp: 1000000")
                    .replace("requestsPerMinutePerAccount: 600", "requestsPerMinutePerAccount: 1000000"));
        }
        AtomicReference<Database> database = new AtomicReference<>();
        RunningServer server = RunningServer.start(dir.resolve("server/config.yml"), Clock.systemUTC(),
                Clock.systemUTC(), new RunningServer.StorageLayer() {
                    @Override
                    public Database database(Database opened) {
                        database.set(opened);
                        return opened;
                    }
                });
        Map<String, String> env = new HashMap<>();
        env.put("MAILV2_HOME", dir.resolve("home-alice").toString());
        env.put("XDG_RUNTIME_DIR", dir.resolve("run").toString());
        Files.createDirectories(dir.resolve("run"));
        Map<String, String> withPassphrase = new HashMap<>(env);
        withPassphrase.put("MAILV2_PASSPHRASE", PASSPHRASE);
        ClientPaths paths = ClientPaths.resolve(env, Path.of("").toAbsolutePath());
        try {
            if (fresh) {
                long t0 = System.nanoTime();
                ok(withPassphrase, "account", "create", ALICE.display(), "--server", server.url(), "--yes");
                OwnAccount alice = new KeyringStore(paths.vault(), new VaultFile()).load(PASSPHRASE.toCharArray())
                        .currentAccount();
                fill(database.get(), server, alice, messages, senders);
                Files.writeString(dir.resolve("ready"), "");
                System.out.printf("filled alice!'s inbox with %,d messages in %.1f s (once; reused by later runs)%n",
                        messages, (System.nanoTime() - t0) / 1e9);
            }
            Keyring keyring = new KeyringStore(paths.vault(), new VaultFile()).load(PASSPHRASE.toCharArray());
            OwnAccount alice = keyring.currentAccount();
            List<StoredMessage> stored = new ArrayList<>();
            long after = 0;
            while (true) {
                List<StoredMessage> page = database.get().messages().list(alice.parsedAddress().hash(), "inbox",
                        after, 500);
                stored.addAll(page);
                if (page.size() < 500) {
                    break;
                }
                after = page.get(page.size() - 1).sequence();
            }
            System.out.printf("alice!'s inbox holds %,d messages; load average before: %s", stored.size(),
                    Files.readString(Path.of("/proc/loadavg")));
            double[] reference = new double[runs];
            double[] sync = new double[runs];
            for (int run = 0; run < runs; run++) {
                reference[run] = unwrapAlone(alice, stored, server.url());
                for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
                    Files.deleteIfExists(Path.of(paths.cacheDb() + suffix));
                }
                ok(withPassphrase, "unlock"); // outside the timed part: the sync then opens the vault without Argon2id
                long t = System.nanoTime();
                String out = ok(env, "sync");
                sync[run] = (System.nanoTime() - t) / 1e6;
                int cached;
                Keyring now = new KeyringStore(paths.vault(), new VaultFile()).load(PASSPHRASE.toCharArray());
                try (SummaryCache cache = new SummaryCache(paths.cacheDb(), now.cacheKeyBytes(), new SecureRandom())) {
                    cached = cache.count(alice.parsedAddress().hash(), "inbox");
                }
                System.out.printf("run %d: reference %.0f ms, sync %.0f ms (%.1f x), %,d summaries cached%n%s",
                        run + 1, reference[run], sync[run], sync[run] / reference[run], cached,
                        out.lines().limit(6).map(l -> "    " + l + "\n").reduce("", String::concat));
                if (cached != stored.size()) {
                    throw new IllegalStateException("cached " + cached + " of " + stored.size() + " summaries");
                }
            }
            System.out.printf("load average after: %s", Files.readString(Path.of("/proc/loadavg")));
            double ref = median(reference);
            double s = median(sync);
            System.out.printf("""
                    %n%,d messages, %d runs, %d cores, median (min-max):
                      reference: opening %,d summaries alone (X25519 unwrap), 1 thread   %7.0f ms (%.0f-%.0f)
                      `mailv2 sync` into an empty cache (vault agent, in this JVM)     %7.0f ms (%.0f-%.0f)   %.2f x reference
                      goal (issue 14): <= 10,000 ms on 2 cores%n""", stored.size(), runs,
                    Runtime.getRuntime().availableProcessors(), stored.size(), ref, min(reference), max(reference), s,
                    min(sync), max(sync), s / ref);
        } finally {
            ok(env, "lock");
            server.close();
        }
    }

    /** Opens every summary once with alice's key, as each sync must, and nothing else. */
    private static double unwrapAlone(OwnAccount alice, List<StoredMessage> stored, String url) throws Exception {
        MessageOpener opener = new MessageOpener(alice.parsedAddress(), alice.encryptionIdentities());
        ApiClient resolver = ApiClient.connect(url, CertificateProbe.pinOf(url));
        Map<Sha256, SigningPublicKey> keys = new HashMap<>();
        List<VerifiedEnvelope> envelopes = new ArrayList<>(stored.size());
        for (StoredMessage m : stored) {
            // Verified before the clock starts: the opener takes only verified envelopes.
            Envelope e = Envelope.parse(m.envelopeJson());
            SigningPublicKey key = keys.get(e.fromHash());
            if (key == null) {
                key = resolver.address(e.fromHash()).orElseThrow().signingKey();
                keys.put(e.fromHash(), key);
            }
            envelopes.add(opener.verify(e, key));
        }
        long t = System.nanoTime();
        for (int i = 0; i < stored.size(); i++) {
            opener.openSummary(envelopes.get(i), stored.get(i).summaryCiphertext());
        }
        return (System.nanoTime() - t) / 1e6;
    }

    /** Real sealed copies from {@code senders} accounts to alice, straight into the server's store, 2 threads. */
    private static void fill(Database db, RunningServer server, OwnAccount alice, int messages, int senders)
            throws Exception {
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        var pin = CertificateProbe.pinOf(server.url());
        List<OwnAccount> from = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            from.add(new AccountCreator(clock, random, new StampSolver(1)).create(Address.parse("sender" + i + "!"),
                    null, server.url(), pin, null, p -> { }));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> done = new ArrayList<>();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int w = 0; w < 2; w++) {
            int worker = w;
            done.add(pool.submit(() -> {
                for (int i = worker; i < messages; i += 2) {
                    OwnAccount sender = from.get(i % senders);
                    InnerMessage message = new InnerMessage(sender.parsedAddress(), "Sender " + (i % senders),
                            List.of(ALICE), List.of(), List.of(), "Message number " + i + " about topic " + (i % 977),
                            start.plusSeconds(i * 60L), UUID.randomUUID() + "@bench", null, List.of(), null,
                            "Body of message " + i + ".\n", List.of());
                    SealedMessage sealed = new MessageSealer(sender.signingKey().keyId(), random).seal(message,
                            ALICE, alice.encryptionIdentity().recipient(), OutputStream.nullOutputStream());
                    Envelope envelope = sealed.envelope().sign(sender.signingKey(), null, null);
                    db.messages().insert(new StoredMessage(ALICE.hash(), UUID.fromString(envelope.messageId()), 0,
                            "inbox", Set.of(), envelope.toJson(), sealed.summaryCiphertext(), "bench-no-body",
                            envelope.bodySize(), envelope.bodySha256(), envelope.summarySha256(), Instant.now()));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    private static String ok(Map<String, String> env, String... args) {
        CommandLine cli = MailCli.commandLine(env);
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int exit = cli.execute(args);
        if (exit != 0) {
            throw new IllegalStateException("mailv2 " + String.join(" ", args) + " exited " + exit + ":\n" + out);
        }
        return out.toString();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }

    private static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var all = Files.walk(dir)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
