package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.json.Json;
import org.mailv2.server.app.RunningServer;
import org.mailv2.server.app.ServerInit;
import picocli.CommandLine;

/**
 * The story through the real CLI classes: alice! and bob! on two servers (plus a resolver), a message with Cc,
 * Bcc and a 50 MiB attachment relayed between them, verified and byte-exact on arrival; the servers' files hold no
 * plaintext; a body tampered with on the server fails to open. This JVM runs with a small heap (see the pom), so the
 * 50 MiB path must stream.
 */
class TwoServersCliIT {
    private static final long FIFTY_MIB = 50L << 20;

    @TempDir
    Path dir;

    private final List<RunningServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(RunningServer::close);
    }

    record Run(int exit, String out) {
    }

    private Run mailv2(String user, String... args) {
        CommandLine cli = MailCli.commandLine(Map.of("MAILV2_HOME", dir.resolve(user).toString(),
                "MAILV2_PASSPHRASE", "passphrase of " + user));
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        return new Run(cli.execute(args), out.toString());
    }

    private RunningServer server(String name, RunningServer resolver) throws Exception {
        var created = ServerInit.init(dir.resolve(name), "127.0.0.1", 0, resolver == null ? "self" : resolver.url(),
                resolver == null ? null : resolver.certificatePin().hex(), "open", 8, 10, Clock.systemUTC(),
                new SecureRandom());
        Files.writeString(created.config(), Files.readString(created.config())
                .replace("listen: 0.0.0.0", "listen: 127.0.0.1"));
        RunningServer server = RunningServer.start(created.config(), Clock.systemUTC());
        servers.add(server);
        return server;
    }

    @Test
    void aFiftyMebibyteMessageCrossesServersIntactAndUnreadableToThem() throws Exception {
        RunningServer resolver = server("resolver", null);
        RunningServer a = server("a", resolver);
        RunningServer b = server("b", resolver);
        for (String[] user : new String[][] {{"alice", "alice!", a.url()}, {"bob", "bob!", b.url()},
            {"carol", "carol!", b.url()}, {"dave", "dave!", a.url()}}) {
            Run created = mailv2(user[0], "account", "create", user[1], "--server", user[2], "--yes");
            assertThat(created.exit()).as(created.out()).isZero();
            if (!user[0].equals("alice")) {
                // They expect alice's plan: past their screeners before she writes (see ScreenerEndToEndIT).
                assertThat(mailv2(user[0], "screener", "accept", "alice!").exit()).isZero();
            }
        }
        Path big = dir.resolve("big.bin");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            byte[] chunk = new byte[1 << 20];
            SecureRandom random = new SecureRandom();
            for (long written = 0; written < FIFTY_MIB; written += chunk.length) {
                random.nextBytes(chunk);
                file.write(chunk);
            }
        }
        String secretSubject = "Quarterly secret " + System.nanoTime();
        Path body = Files.writeString(dir.resolve("body.txt"), "The plan, in the attachment.\n");
        Run sent = mailv2("alice", "send", "--to", "bob!", "--cc", "carol!", "--bcc", "dave!", "--subject",
                secretSubject, "--body-file", body.toString(), "--attach", big.toString(), "--json");
        assertThat(sent.exit()).as(sent.out()).isZero();

        Map<?, ?> row = awaitInbox("bob");
        assertThat(row.get("verified")).isEqualTo(true);
        assertThat(row.get("from")).isEqualTo("alice!");
        assertThat(row.get("subject")).isEqualTo(secretSubject);
        assertThat(row.get("cc")).isEqualTo(List.of("carol!"));

        Path saved = dir.resolve("bob-saved");
        Run read = mailv2("bob", "read", (String) row.get("id"), "--save-attachments", saved.toString(), "--json");
        assertThat(read.exit()).as(read.out()).isZero();
        assertThat(sha256(saved.resolve("big.bin"))).isEqualTo(sha256(big));
        assertThat(read.out()).contains("The plan, in the attachment.").doesNotContain("dave!");
        Map<?, ?> carolsCopy = awaitInbox("carol");
        assertThat(carolsCopy.get("subject")).isEqualTo(secretSubject);
        assertThat(awaitInbox("dave").get("subject")).isEqualTo(secretSubject);

        for (String server : List.of("resolver", "a", "b")) {
            assertThat(filesContaining(dir.resolve(server), secretSubject)).as(server).isEmpty();
            assertThat(filesContaining(dir.resolve(server), "The plan, in the attachment.")).as(server).isEmpty();
        }

        // Flip one byte in the middle of every large blob on the recipients' server (bob's and carol's copies).
        List<Path> blobs;
        try (Stream<Path> files = Files.list(dir.resolve("b").resolve("blobs"))) {
            blobs = files.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> p.toFile().length() > FIFTY_MIB).toList();
        }
        assertThat(blobs).hasSize(2);
        for (Path blob : blobs) {
            try (RandomAccessFile file = new RandomAccessFile(blob.toFile(), "rw")) {
                file.seek(FIFTY_MIB / 2);
                int original = file.read();
                file.seek(FIFTY_MIB / 2);
                file.write(original ^ 0x01);
            }
        }
        // Carol has not read hers yet, so her client fetches the tampered ciphertext (bob's is cached already).
        Run tampered = mailv2("carol", "read", (String) carolsCopy.get("id"));
        assertThat(tampered.exit()).isEqualTo(ExitCodes.VERIFICATION);
        assertThat(tampered.out()).contains("tampered");
        // Bob's client opens the body it cached (still sealed to him) and checks it against the signed envelope again.
        Run again = mailv2("bob", "read", (String) row.get("id"));
        assertThat(again.exit()).as(again.out()).isZero();
    }

    private Map<?, ?> awaitInbox(String user) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            Run inbox = mailv2(user, "inbox", "--json");
            assertThat(inbox.exit()).as(inbox.out()).isZero();
            List<?> rows = Json.mapper().readValue(inbox.out(), List.class);
            if (!rows.isEmpty()) {
                return (Map<?, ?>) rows.get(0);
            }
            assertThat(System.nanoTime()).as("relay to " + user).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static List<Path> filesContaining(Path root, String text) throws Exception {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                if (Files.size(p) < (8L << 20) && indexOf(Files.readAllBytes(p), needle) >= 0) {
                    found.add(p);
                }
            }
        }
        return found;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
