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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mailv2.client.cli.MailCli;
import org.mailv2.client.core.account.AccountCreator;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.KeyringStore;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.keyring.OwnedList;
import org.mailv2.client.core.paths.ClientPaths;
import org.mailv2.client.core.vault.VaultFile;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.CertificateProbe;
import org.mailv2.protocol.api.PermitRequest;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.EncryptionRecipient;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.permit.Permit;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.seal.InnerMessage;
import org.mailv2.protocol.seal.MessageSealer;
import org.mailv2.server.app.RunningServer;
import org.mailv2.server.app.ServerInit;
import picocli.CommandLine;

/**
 * A list post to SUBSCRIBERS (default 1,000) subscribers, as ListsEndToEndIT sets it up: the list news! on server A
 * (its own resolver), the subscribers on server B (resolver A), both in this JVM on 127.0.0.1 with real TLS and
 * SQLite, request limits lifted (the defaults, 600 a minute per account, would bound a 1,000-copy post to over a
 * minute). The owner's vault is unlocked in a real agent (`mailv2 unlock`), so the post opens it without Argon2id;
 * `mailv2 list post` runs in this JVM (its picocli command line), RUNS times. Reference, same run: sealing the same
 * number of copies of the same message alone (one thread, to memory, no disk, no network), the X25519 and ChaCha20
 * work no post can avoid. The setup (accounts, permits) is made once into bench/out/.
 */
public class ListsBench {
    private static final Address LIST = Address.parse("news!");
    private static final String PASSPHRASE = "passphrase of the owner";

    public static void main(String[] args) throws Exception {
        int subscribers = Integer.parseInt(System.getenv().getOrDefault("SUBSCRIBERS", "1000"));
        int runs = Integer.parseInt(System.getenv().getOrDefault("RUNS", "3"));
        Path dir = Path.of("bench/out/lists-" + subscribers).toAbsolutePath();
        int portA = Integer.parseInt(System.getenv().getOrDefault("PORT_A", "47311"));
        boolean fresh = !Files.exists(dir.resolve("ready"));
        if (fresh) {
            deleteTree(dir);
            Files.createDirectories(dir);
        }
        RunningServer a = server(dir.resolve("a"), portA, null, fresh);
        RunningServer b = server(dir.resolve("b"), portA + 1, a, fresh);
        Map<String, String> env = new HashMap<>();
        env.put("MAILV2_HOME", dir.resolve("home-owner").toString());
        env.put("XDG_RUNTIME_DIR", dir.resolve("run").toString());
        Files.createDirectories(dir.resolve("run"));
        try {
            if (fresh) {
                long t0 = System.nanoTime();
                Map<String, String> withPassphrase = new HashMap<>(env);
                withPassphrase.put("MAILV2_PASSPHRASE", PASSPHRASE);
                ok(withPassphrase, "list", "create", LIST.display(), "--title", "News", "--server", a.url(), "--yes");
                ok(withPassphrase, "list", "sync", LIST.display());
                subscribe(env, readers(b, subscribers));
                Files.writeString(dir.resolve("ready"), "");
                System.out.printf("set up %,d subscribers in %.1f s (once; reused by later runs)%n", subscribers,
                        (System.nanoTime() - t0) / 1e9);
            }
            Map<String, String> withPassphrase = new HashMap<>(env);
            withPassphrase.put("MAILV2_PASSPHRASE", PASSPHRASE);
            System.out.printf("load average before: %s", Files.readString(Path.of("/proc/loadavg")));
            double[] reference = new double[runs];
            double[] post = new double[runs];
            for (int run = 0; run < runs; run++) {
                reference[run] = sealAlone(subscribers);
                ok(withPassphrase, "unlock"); // outside the timed part: the post then opens the vault without Argon2id
                var before = a.relayStats();
                long t = System.nanoTime();
                String out = ok(env, "list", "post", LIST.display(), "--no-sync", "--subject", "Issue " + run + " "
                        + Instant.now(), "--body-file", Files.writeString(dir.resolve("body.txt"),
                        "This week's news.\n").toString());
                post[run] = (System.nanoTime() - t) / 1e6;
                System.out.printf("run %d: reference %.0f ms, post %.0f ms (%.1f x)%n%s", run + 1, reference[run],
                        post[run], post[run] / reference[run], out.indent(4));
                // The relay to B runs in the background; let it finish so the next run measures the post alone.
                long waitFrom = System.nanoTime();
                while (a.relayStats().delivered() - before.delivered() < subscribers
                        && System.nanoTime() - waitFrom < 120_000_000_000L) {
                    Thread.sleep(100);
                }
                System.out.printf("    relay A -> B delivered %d copies, %.1f s after the post returned%n",
                        a.relayStats().delivered() - before.delivered(), (System.nanoTime() - waitFrom) / 1e9);
            }
            System.out.printf("load average after: %s", Files.readString(Path.of("/proc/loadavg")));
            double ref = median(reference);
            double p = median(post);
            System.out.printf("""
                    %n%,d subscribers, %d runs, median (min-max):
                      reference: sealing %,d copies alone, 1 thread, in memory   %6.0f ms (%.0f-%.0f)
                      `mailv2 list post` (vault agent, in this JVM)               %6.0f ms (%.0f-%.0f)   %.2f x reference
                      goal (issue 14): <= 3,000 ms%n""", subscribers, runs, subscribers, ref, min(reference),
                    max(reference), p, min(post), max(post), p / ref);
        } finally {
            ok(env, "lock");
            b.close();
            a.close();
        }
    }

    /** Seals {@code count} copies of a list post to fresh X25519 keys, as the post does, without disk or network. */
    private static double sealAlone(int count) throws Exception {
        SecureRandom random = new SecureRandom();
        List<EncryptionRecipient> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(EncryptionIdentity.generate(random).recipient());
        }
        SigningPrivateKey signer = SigningPrivateKey.generate(random);
        InnerMessage message = new InnerMessage(LIST, LIST.display(), List.of(LIST), null, null, "Issue",
                Instant.now(), "bench@news", null, null, LIST.display(), "This week's news.\n", null);
        MessageSealer sealer = new MessageSealer(signer.keyId(), random);
        long t = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Address to = Address.parse("reader" + i + "!");
            sealer.seal(message, to, keys.get(i), OutputStream.nullOutputStream()).envelope().sign(signer, null,
                    null);
        }
        return (System.nanoTime() - t) / 1e6;
    }

    private static RunningServer server(Path dir, int port, RunningServer resolver, boolean fresh) throws Exception {
        if (fresh) {
            var created = ServerInit.init(dir, "127.0.0.1", port, resolver == null ? "self" : resolver.url(),
                    resolver == null ? null : resolver.certificatePin().hex(), "open", 8, 10, Clock.systemUTC(),
                    new SecureRandom());
            String text = Files.readString(created.config()).replace("listen: 0.0.0.0", "listen: 127.0.0.1")
                    .replace("requestsPerMinutePerIp: 1200", "requestsPerMinutePerIp: 1000000")
                    .replace("requestsPerMinutePerAccount: 600", "requestsPerMinutePerAccount: 1000000");
            Files.writeString(created.config(), text);
        }
        return RunningServer.start(dir.resolve("config.yml"), Clock.systemUTC(), Clock.systemUTC());
    }

    private record Reader(OwnAccount account, PermitId permit) {
    }

    /** Subscriber accounts on {@code server}, each with a list permit for the list (as ListsEndToEndIT makes them). */
    private static List<Reader> readers(RunningServer server, int count) throws Exception {
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        var pin = CertificateProbe.pinOf(server.url());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Reader>> joined = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Address address = Address.parse("reader" + i + "!");
                joined.add(pool.submit(() -> {
                    OwnAccount account = new AccountCreator(clock, random, new StampSolver(1))
                            .create(address, null, server.url(), pin, null, p -> { });
                    PermitId permit = PermitId.random(random);
                    Connection.open(account, clock).server().createPermit(new PermitRequest(permit, LIST.hash(),
                            Permit.Purpose.LIST));
                    return new Reader(account, permit);
                }));
            }
            List<Reader> readers = new ArrayList<>();
            for (Future<Reader> f : joined) {
                readers.add(f.get());
            }
            return readers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void subscribe(Map<String, String> env, List<Reader> readers) throws Exception {
        ClientPaths paths = ClientPaths.resolve(env, Path.of("").toAbsolutePath());
        KeyringStore vault = new KeyringStore(paths.vault(), new VaultFile());
        Keyring keyring = vault.load(PASSPHRASE.toCharArray());
        OwnedList owned = keyring.ownedList(LIST).orElseThrow();
        List<OwnedList.Subscriber> subscribers = new ArrayList<>(owned.subscribers());
        readers.forEach(r -> subscribers.add(new OwnedList.Subscriber(r.account().address(), r.permit())));
        vault.save(keyring.withOwnedList(new OwnedList(owned.address(), owned.title(), owned.description(),
                owned.inviteOnly(), owned.serial(), subscribers)), PASSPHRASE.toCharArray());
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
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
