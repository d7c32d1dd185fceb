import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.ApiClient;
import org.mailv2.protocol.api.PermitRequest;
import org.mailv2.protocol.api.RegisterRequest;
import org.mailv2.protocol.auth.AuthToken;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.permit.Permit;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.pow.StampHeader;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.protocol.seal.InnerMessage;
import org.mailv2.protocol.seal.MessageSealer;
import org.mailv2.protocol.seal.SealedMessage;
import org.mailv2.server.app.ServerInit;
import org.mailv2.server.app.ServerStorage;
import org.mailv2.server.store.StoredMessage;

/**
 * Deliveries per second into one mailbox, mailv2 against Postfix on the same machine, in alternating rounds.
 *
 * <p>mailv2: a server process ({@code ServerCli serve}, TLS on 127.0.0.1, SQLite with synchronous=FULL) and SENDERS
 * (32) accounts in this JVM, each sealing a 4 KiB message to one recipient, paying with a permit (even senders) or an
 * 8-bit stamp (odd senders), signing and submitting it (POST /api/v1/outbox, answered once durable). The recipient's
 * mailbox is pre-filled to PREFILL messages through the store API (fast; the rows are real rows, their bodies are not
 * on disk) and grows by every round. Latency: one submission, request to durable answer.
 *
 * <p>Postfix: {@code smtp-source -s 32 -d -l 4096} into {@code benchmail@localhost}, whose mail goes to a Maildir;
 * a round ends when the Maildir holds every message (delivered, not accepted). Latency: the {@code delay=} of each
 * {@code status=sent} line in Postfix's log (arrival to delivery).
 */
public class DeliveryBench {
    static final SecureRandom RANDOM = new SecureRandom();
    static final int SENDERS = intEnv("SENDERS", 32);
    static final int ROUND_MESSAGES = intEnv("ROUND_MESSAGES", 3200);
    static final int ROUNDS = intEnv("ROUNDS", 3);
    static final int PREFILL = intEnv("PREFILL", 100_000);
    static final int BODY_BYTES = 4096;
    static final int MESSAGE_BITS = 8;
    static final Path MAILDIR = Path.of(System.getenv().getOrDefault("MAILDIR", "/home/benchmail/Maildir"));
    static final Path POSTFIX_LOG = Path.of(System.getenv().getOrDefault("POSTFIX_LOG", "/var/log/postfix-bench.log"));
    static final boolean POSTFIX = !"0".equals(System.getenv("POSTFIX"));
    /** PostgreSQL instead of SQLite: a JDBC URL of a database this benchmark drops and creates again. */
    static final String DATABASE_URL = System.getenv("DATABASE_URL");
    static final int REPLICAS = intEnv("REPLICAS", 1);

    record Account(Address address, SigningPrivateKey signing, EncryptionIdentity encryption, ApiClient api,
                   PermitId permit) {
    }

    record Round(String what, int messages, double seconds, double p50, double p99, String load) {
        double rate() {
            return messages / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "bench/out/delivery").toAbsolutePath();
        deleteRecursively(dir);
        Files.createDirectories(dir);
        ServerInit.Created created = ServerInit.init(dir.resolve("server"), "127.0.0.1", 0, "self", null, "open", 8,
                MESSAGE_BITS, Clock.systemUTC(), RANDOM);
        Path config = created.config();
        String text = Files.readString(config);
        text = text.replace("listen: 0.0.0.0", "listen: 127.0.0.1")
                .replace("requestsPerMinutePerAccount: 600", "requestsPerMinutePerAccount: 10000000")
                .replace("requestsPerMinutePerIp: 1200", "requestsPerMinutePerIp: 10000000");
        if (DATABASE_URL != null && !DATABASE_URL.isEmpty()) {
            text = usePostgres(config, text);
        }
        Files.writeString(config, text);
        List<Process> servers = new ArrayList<>();
        try {
            List<String> urls = new ArrayList<>();
            String[] serving = null;
            for (int r = 0; r < REPLICAS; r++) {
                Process server = startServer(config, "server" + (r == 0 ? "" : "-" + r));
                servers.add(server);
                serving = awaitServing(server, config.getParent().resolve("server" + (r == 0 ? "" : "-" + r)
                        + ".out"));
                urls.add(serving[0]);
            }
            run(config, urls, Sha256.parseHex(serving[1]), Sha256.parseHex(serving[2]));
        } finally {
            for (Process server : servers) {
                server.destroy();
                server.waitFor();
            }
        }
    }

    /** Points the config at DATABASE_URL (user DATABASE_USER, password DATABASE_PASSWORD), dropped and made anew. */
    static String usePostgres(Path config, String text) throws Exception {
        String user = System.getenv().getOrDefault("DATABASE_USER", "mailv2");
        String password = System.getenv().getOrDefault("DATABASE_PASSWORD", "");
        int slash = DATABASE_URL.lastIndexOf('/');
        String name = DATABASE_URL.substring(slash + 1);
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("DATABASE_URL must end in a plain database name");
        }
        try (var c = java.sql.DriverManager.getConnection(DATABASE_URL.substring(0, slash) + "/postgres", user,
                password); var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        Files.writeString(config.resolveSibling("db-password.txt"), password + "\n");
        String sqlite = "  kind: sqlite\n";
        if (!text.contains(sqlite)) {
            throw new IllegalStateException("the config template changed: no '" + sqlite.strip() + "'");
        }
        return text.replace(sqlite, "  kind: postgresql\n  url: " + DATABASE_URL + "\n  user: " + user
                + "\n  passwordFile: db-password.txt\n");
    }

    static void run(Path config, List<String> urls, Sha256 routingId, Sha256 pin) throws Exception {
        long t0 = System.nanoTime();
        Account recipient = register(urls.get(0), pin, routingId, "inbox!", null);
        List<Account> senders = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            // Senders spread over the replicas, as behind one load-balanced address.
            Account s = register(urls.get(i % urls.size()), pin, routingId, "sender" + i + "!", null);
            PermitId permit = null;
            if (i % 2 == 0) {
                permit = PermitId.random(RANDOM);
                recipient.api().createPermit(new PermitRequest(permit, s.address().hash(), Permit.Purpose.CONTACT));
            }
            senders.add(new Account(s.address(), s.signing(), s.encryption(), s.api(), permit));
        }
        System.out.printf("registered 1 recipient and %d senders in %.1f s (%s, %d server process%s)%n", SENDERS,
                (System.nanoTime() - t0) / 1e9, DATABASE_URL == null ? "SQLite" : "PostgreSQL", urls.size(),
                urls.size() == 1 ? "" : "es");
        if (PREFILL > 0) {
            prefill(config, senders.get(0), recipient, PREFILL);
        }
        if (POSTFIX) {
            requirePostfix();
        }
        System.out.println("warm-up (not counted)");
        mailv2Round(senders, recipient, Math.max(SENDERS * 10, ROUND_MESSAGES / 4));
        if (POSTFIX) {
            postfixRound(Math.max(SENDERS * 5, ROUND_MESSAGES / 4));
        }
        List<Round> mail = new ArrayList<>();
        List<Round> postfix = new ArrayList<>();
        int stored = PREFILL + Math.max(SENDERS * 10, ROUND_MESSAGES / 4);
        for (int r = 1; r <= ROUNDS; r++) {
            Round m = mailv2Round(senders, recipient, ROUND_MESSAGES);
            stored += ROUND_MESSAGES;
            mail.add(m);
            print(r, m, "mailbox now " + stored + " messages");
            if (POSTFIX) {
                Round p = postfixRound(ROUND_MESSAGES);
                postfix.add(p);
                print(r, p, String.format("ratio this round %.2fx", m.rate() / p.rate()));
            }
        }
        summarise(mail, postfix);
    }

    static void print(int round, Round r, String note) {
        System.out.printf("round %d %-8s %6d msgs %7.1f msg/s  p50 %6.1f ms  p99 %6.1f ms  load %s  (%s)%n", round,
                r.what(), r.messages(), r.rate(), r.p50(), r.p99(), r.load(), note);
    }

    static void summarise(List<Round> mail, List<Round> postfix) {
        double m = median(mail.stream().mapToDouble(Round::rate).toArray());
        System.out.printf("mailv2:  median %.1f msg/s (%.1f-%.1f), p50 %.1f ms, p99 %.1f ms (medians of rounds)%n", m,
                min(mail), max(mail), median(mail.stream().mapToDouble(Round::p50).toArray()),
                median(mail.stream().mapToDouble(Round::p99).toArray()));
        if (!postfix.isEmpty()) {
            double p = median(postfix.stream().mapToDouble(Round::rate).toArray());
            System.out.printf("postfix: median %.1f msg/s (%.1f-%.1f), p50 %.1f ms, p99 %.1f ms (medians of rounds)%n",
                    p, min(postfix), max(postfix), median(postfix.stream().mapToDouble(Round::p50).toArray()),
                    median(postfix.stream().mapToDouble(Round::p99).toArray()));
            double[] ratios = new double[mail.size()];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = mail.get(i).rate() / postfix.get(i).rate();
            }
            Arrays.sort(ratios);
            System.out.printf("ratio mailv2/postfix: %.2fx (median of rounds, %.2f-%.2f; goal >= 1.0x, p99 < 50 ms)%n",
                    median(ratios), ratios[0], ratios[ratios.length - 1]);
        }
    }

    static double min(List<Round> rounds) {
        return rounds.stream().mapToDouble(Round::rate).min().orElse(0);
    }

    static double max(List<Round> rounds) {
        return rounds.stream().mapToDouble(Round::rate).max().orElse(0);
    }

    // ---- mailv2

    static Account register(String url, Sha256 pin, Sha256 routingId, String name, PermitId permit)
            throws IOException {
        Address address = Address.parse(name);
        SigningPrivateKey signing = SigningPrivateKey.generate(RANDOM);
        EncryptionIdentity encryption = EncryptionIdentity.generate(RANDOM);
        ApiClient api = ApiClient.connect(url, pin).withToken(() -> AuthToken.issue(signing, address.hash(),
                routingId, Clock.systemUTC(), Duration.ofMinutes(5)));
        AddressRecord record = AddressRecord.create(address.hash(), signing, encryption.recipient(), routingId);
        Stamp stamp = new StampSolver(1).solve(record.creationStampHeader(8, today()), RANDOM.nextLong() >>> 1, null);
        api.register(new RegisterRequest(record, stamp, null));
        return new Account(address, signing, encryption, api, permit);
    }

    static Round mailv2Round(List<Account> senders, Account to, int messages) throws Exception {
        String load = loadAverage();
        double[] latencies = new double[messages];
        ExecutorService pool = Executors.newFixedThreadPool(senders.size());
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int s = 0; s < senders.size(); s++) {
            Account from = senders.get(s);
            int first = s;
            futures.add(pool.submit(() -> {
                for (int i = first; i < messages; i += senders.size()) {
                    Sealed sealed = seal(from, to, "round message " + i);
                    long t = System.nanoTime();
                    from.api().submit(sealed.envelope(), sealed.summary(), ByteSource.of(sealed.body()));
                    latencies[i] = (System.nanoTime() - t) / 1e6;
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Arrays.sort(latencies);
        return new Round("mailv2", messages, seconds, percentile(latencies, 50), percentile(latencies, 99), load);
    }

    record Sealed(Envelope envelope, byte[] summary, byte[] body) {
    }

    static Sealed seal(Account from, Account to, String subject) throws IOException {
        char[] text = new char[BODY_BYTES];
        for (int i = 0; i < text.length; i++) {
            text[i] = (char) ('a' + RANDOM.nextInt(26));
        }
        InnerMessage message = new InnerMessage(from.address(), null, List.of(to.address()), List.of(), List.of(),
                subject, Instant.now().truncatedTo(ChronoUnit.SECONDS), UUID.randomUUID() + "@bench", null, List.of(),
                null, new String(text), List.of());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        SealedMessage sealed = new MessageSealer(from.signing().keyId(), RANDOM)
                .seal(message, to.address(), to.encryption().recipient(), body);
        Stamp stamp = from.permit() != null ? null : new StampSolver(1).solve(new StampHeader(MESSAGE_BITS, today(),
                from.address().hash(), to.address().hash(), sealed.envelope().digest()), RANDOM.nextLong() >>> 1, null);
        Envelope envelope = sealed.envelope().sign(from.signing(), stamp, from.permit());
        return new Sealed(envelope, sealed.summaryCiphertext(), body.toByteArray());
    }

    /**
     * Rows for the recipient through the store API, in transactions of a few thousand (one durable commit each): a
     * copy of one real envelope and summary under fresh message ids; the body files are not written.
     */
    static void prefill(Path config, Account from, Account to, int count) throws IOException {
        long t0 = System.nanoTime();
        Sealed template = seal(from, to, "prefill");
        try (ServerStorage storage = ServerStorage.open(config)) {
            var db = storage.db();
            // PostgreSQL keeps every version of the account row that each insert updates until the transaction
            // ends, so a long one slows down with its length; SQLite updates in place.
            int batch = DATABASE_URL == null ? 5000 : 50;
            for (int done = 0; done < count; done += batch) {
                int n = Math.min(batch, count - done);
                db.inTransaction(() -> {
                    for (int i = 0; i < n; i++) {
                        db.messages().insert(new StoredMessage(to.address().hash(), UUID.randomUUID(), 0, "inbox",
                                Set.of(StoredMessage.Flag.SEEN), template.envelope().toJson(), template.summary(),
                                "prefill-" + UUID.randomUUID(), template.body().length,
                                template.envelope().bodySha256(), template.envelope().summarySha256(),
                                Instant.now()));
                    }
                    return null;
                });
            }
        }
        System.out.printf("pre-filled the recipient's mailbox with %,d messages through the store API in %.1f s%n",
                count, (System.nanoTime() - t0) / 1e9);
    }

    static Process startServer(Path config, String name) throws IOException {
        Path dir = config.getParent();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g"));
        String jfr = System.getenv("SERVER_JFR");
        if (jfr != null && !jfr.isEmpty() && name.equals("server")) {
            command.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.mailv2.server.cli.ServerCli",
                "serve", "--config", config.toString()));
        return new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile()).start();
    }

    static String[] awaitServing(Process server, Path out) throws Exception {
        Pattern serving = Pattern.compile(
                "serving (https://\\S+) \\(routing id (\\p{XDigit}+), certificate SHA-256 (\\p{XDigit}+)\\)");
        for (int i = 0; i < 1200; i++) {
            if (Files.exists(out)) {
                Matcher m = serving.matcher(Files.readString(out));
                if (m.find()) {
                    return new String[] {m.group(1), m.group(2), m.group(3)};
                }
            }
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited; see " + out.getParent().resolve("server.err"));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the server did not start within 2 minutes");
    }

    // ---- Postfix

    static void requirePostfix() throws Exception {
        if (!Files.isDirectory(MAILDIR.resolve("new"))) {
            throw new IllegalStateException(MAILDIR + "/new is missing: run bench/postfix-setup.sh once (see "
                    + "bench/README.md)");
        }
        if (!Files.isReadable(POSTFIX_LOG)) {
            throw new IllegalStateException(POSTFIX_LOG + " is missing: run bench/postfix-setup.sh once");
        }
    }

    static Round postfixRound(int messages) throws Exception {
        String load = loadAverage();
        long logOffset = Files.size(POSTFIX_LOG);
        long before = delivered();
        long start = System.nanoTime();
        Process source = new ProcessBuilder("/usr/sbin/smtp-source", "-s", "32", "-d", "-l",
                String.valueOf(BODY_BYTES), "-m", String.valueOf(messages), "-f", "bench@localhost", "-t",
                "benchmail@localhost", "127.0.0.1:25").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (source.waitFor() != 0) {
            throw new IllegalStateException("smtp-source failed with " + source.exitValue());
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (delivered() < before + messages) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Postfix delivered " + (delivered() - before) + " of " + messages
                        + " within 5 minutes; see " + POSTFIX_LOG);
            }
            Thread.sleep(5);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep(300); // the log lines of the last deliveries
        double[] delays = delays(logOffset, messages);
        return new Round("postfix", messages, seconds, percentile(delays, 50), percentile(delays, 99), load);
    }

    /** Messages in the Maildir (new and cur): what local(8) delivered. */
    static long delivered() throws IOException {
        long n = 0;
        for (String sub : List.of("new", "cur")) {
            try (Stream<Path> files = Files.list(MAILDIR.resolve(sub))) {
                n += files.count();
            }
        }
        return n;
    }

    /** The delay= (seconds, arrival to delivery) of the round's status=sent lines, in ms, sorted. */
    static double[] delays(long offset, int expected) throws IOException {
        Pattern delay = Pattern.compile(" delay=([0-9.]+),.* status=sent");
        List<Double> out = new ArrayList<>();
        try (RandomAccessFile log = new RandomAccessFile(POSTFIX_LOG.toFile(), "r")) {
            log.seek(offset);
            byte[] rest = new byte[(int) (log.length() - offset)];
            log.readFully(rest);
            for (String line : new String(rest, StandardCharsets.UTF_8).split("\n")) {
                Matcher m = delay.matcher(line);
                if (m.find() && line.contains("relay=local")) {
                    out.add(Double.parseDouble(m.group(1)) * 1000);
                }
            }
        }
        if (out.size() < expected * 0.9) {
            System.out.printf("  (only %d of %d status=sent lines in %s)%n", out.size(), expected, POSTFIX_LOG);
        }
        return out.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    // ---- helpers

    static double percentile(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + "/" + f[1] + "/" + f[2];
    }

    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    static int intEnv(String name, int fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : Integer.parseInt(v);
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
