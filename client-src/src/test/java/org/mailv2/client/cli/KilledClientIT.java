package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.client.core.paths.ClientPaths;
import org.mailv2.protocol.json.Json;
import org.mailv2.server.app.RunningServer;
import org.mailv2.server.app.ServerInit;
import picocli.CommandLine;

/**
 * The client killed with SIGKILL loses nothing and duplicates nothing. {@code mailv2 send} runs as its own process
 * and is killed at random moments of its run (every other kill aimed at the moment a copy reaches the local outbox);
 * then {@code mailv2 sync} (in this JVM) finishes the work: every message the killed command had confirmed or left in
 * the outbox is in bob's inbox exactly once, and none is there twice.
 * Then messages written while the server was down wait in the outbox, and {@code mailv2 sync} processes are killed at
 * random moments while they hand them over; a last sync delivers each exactly once. After every kill the client's
 * state still opens (vault, cache, outbox).
 *
 * <pre>
 * mvn -B -o verify -pl client-src -am -Dtest=none -Dit.test='KilledClientIT' \
 *     -Dfailsafe.failIfNoSpecifiedTests=false -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * {@code -Dmailv2.long=true} kills {@value #LONG_ROUNDS} sends and {@value #LONG_ROUNDS} syncs instead of
 * {@value #DEFAULT_ROUNDS}; the seed is printed and {@code -Dmailv2.seed=N} repeats a run's kill moments.
 */
class KilledClientIT {
    static final int DEFAULT_ROUNDS = 5;
    static final int LONG_ROUNDS = 20;
    private static final int ROUNDS = Boolean.getBoolean("mailv2.long") ? LONG_ROUNDS : DEFAULT_ROUNDS;
    private static final int SIGKILLED = 128 + 9;
    private static final long PROCESS_LIMIT_SECONDS = 120;

    @TempDir
    Path dir;

    private RunningServer server;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        if (server != null) {
            server.close();
        }
    }

    private record Run(int exit, String out) {
    }

    /**
     * The killed command: what it printed, whether it finished on its own, whether it left a finished copy for bob in
     * the outbox (a promise the next sync keeps).
     */
    private record Killed(String subject, int exit, String out, boolean leftCopy) {
        boolean confirmed() {
            return exit == 0;
        }

        boolean promised() {
            return confirmed() || leftCopy;
        }
    }

    @Test
    void sendAndSyncKilledAtRandomMomentsLoseNothingAndDuplicateNothing() throws Exception {
        long seed = Long.getLong("mailv2.seed", System.nanoTime());
        Random random = new Random(seed);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        var created = ServerInit.init(dir.resolve("server"), "127.0.0.1", port, "self", null, "open", 8, 10,
                Clock.systemUTC(), new SecureRandom());
        Files.writeString(created.config(), Files.readString(created.config())
                .replace("listen: 0.0.0.0", "listen: 127.0.0.1"));
        server = RunningServer.start(created.config(), Clock.systemUTC());
        assertThat(mailv2("alice", null, "account", "create", "alice!", "--server", server.url(), "--yes").exit())
                .isZero();
        assertThat(mailv2("bob", null, "account", "create", "bob!", "--server", server.url(), "--yes").exit())
                .isZero();
        assertThat(mailv2("bob", null, "screener", "accept", "alice!").exit()).isZero();

        // How long a send takes when nothing kills it: the kills fall anywhere in that span.
        long began = System.nanoTime();
        Killed whole = runAndKill("send", "whole", Long.MAX_VALUE);
        long span = (System.nanoTime() - began) / 1_000_000;
        assertThat(whole.exit()).as(whole.out()).isZero();

        List<Killed> sends = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            // Every other kill is aimed at the moment a copy lands in the outbox, the rest anywhere in the run.
            boolean aimed = i % 2 == 1;
            sends.add(runAndKill("send", "killed send " + i, aimed ? -1 - random.nextInt(20) : random.nextLong(span)));
            assertThat(mailv2("alice", null, "inbox", "--box", "sent").exit()).as("alice's client still opens")
                    .isZero();
        }

        // Written while the server is down: confirmed as waiting in the outbox.
        server.close();
        server = null;
        List<String> queued = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            String subject = "queued " + i;
            Run offline = mailv2("alice", "body of " + subject + "\n", "send", "--to", "bob!", "--subject", subject);
            assertThat(offline.exit()).as(offline.out()).isZero();
            assertThat(offline.out()).contains("waiting for bob!");
            queued.add(subject);
        }
        server = RunningServer.start(created.config(), Clock.systemUTC());
        List<Killed> syncs = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            syncs.add(runAndKill("sync", null, random.nextLong(span)));
            assertThat(mailv2("alice", null, "inbox", "--box", "sent", "--offline").exit())
                    .as("alice's client still opens").isZero();
        }
        Run sync = mailv2("alice", null, "sync");
        assertThat(sync.exit()).as(sync.out()).isZero();
        assertThat(mailv2("alice", null, "sync").out()).contains("outbox: 0 of 0 sent");

        List<String> inbox = subjects("bob", "inbox");
        List<String> sent = subjects("alice", "sent");
        System.out.printf("KilledClientIT: %d sends killed within 0..%d ms or as a copy reached the outbox (%d had "
                + "finished, %d left a copy in the outbox), %d syncs killed (%d had finished); bob's inbox %d, "
                + "alice's sent box %d (%d delivered without a Sent copy); seed %d%n", ROUNDS, span,
                sends.stream().filter(Killed::confirmed).count(), sends.stream().filter(Killed::leftCopy).count(),
                ROUNDS, syncs.stream().filter(Killed::confirmed).count(), inbox.size(), sent.size(),
                inbox.stream().filter(subject -> !sent.contains(subject)).count(), seed);
        // The Sent copy is held back in the outbox until bob's copy is committed there, before it goes out: whatever bob
        // got, alice has in her Sent box, and nothing is in her Sent box that bob never got.
        assertThat(sent).as("a Sent copy of exactly what was delivered").containsExactlyInAnyOrderElementsOf(inbox);
        assertThat(inbox).as("nothing delivered twice").doesNotHaveDuplicates();
        assertThat(sent).as("no sent copy stored twice").doesNotHaveDuplicates();
        assertThat(inbox).contains("whole").containsAll(queued);
        for (Killed k : sends) {
            if (k.promised()) {
                assertThat(inbox).as(k.out()).contains(k.subject());
            }
        }
        assertThat(inbox).allMatch(s -> s.equals("whole") || s.startsWith("killed send ") || queued.contains(s));
    }

    /**
     * Runs {@code mailv2 send} (with {@code subject}) or {@code mailv2 sync} as alice in its own process and kills it
     * with SIGKILL after {@code afterMillis}, unless it ended before; a negative {@code afterMillis} kills it
     * {@code -1 - afterMillis} ms after a new finished copy appears in the outbox (before or while it is submitted).
     */
    private Killed runAndKill(String command, String subject, long afterMillis) throws Exception {
        Path home = dir.resolve("alice");
        Path outbox = ClientPaths.under(home).outbox();
        Set<String> before = entries(outbox);
        Path stdin = Files.writeString(dir.resolve("stdin.txt"), "body of " + subject + "\n");
        Path output = dir.resolve("process.out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> args = new ArrayList<>(List.of(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), command));
        if (subject != null) {
            args.addAll(List.of("--to", "bob!", "--subject", subject));
        }
        ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true)
                .redirectInput(stdin.toFile()).redirectOutput(output.toFile());
        builder.environment().put("MAILV2_HOME", home.toString());
        builder.environment().put("MAILV2_PASSPHRASE", "passphrase of alice");
        Process process = builder.start();
        processes.add(process);
        long limit = TimeUnit.SECONDS.toMillis(PROCESS_LIMIT_SECONDS);
        if (afterMillis < 0) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limit);
            while (process.isAlive() && before.containsAll(copies(outbox)) && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            afterMillis = -1 - afterMillis;
        }
        if (!process.waitFor(Math.min(afterMillis, limit), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
        }
        assertThat(process.waitFor(PROCESS_LIMIT_SECONDS, TimeUnit.SECONDS)).as("process ended").isTrue();
        int exit = process.exitValue();
        assertThat(exit).as(Files.readString(output)).isIn(0, SIGKILLED);
        boolean leftCopy = false;
        for (String name : entries(outbox)) {
            Path to = outbox.resolve(name).resolve("to");
            if (!before.contains(name) && !name.startsWith(".") && Files.exists(to)
                    && Files.readString(to).trim().equals("bob!")) {
                leftCopy = true;
            }
        }
        return new Killed(subject, exit, Files.readString(output), leftCopy);
    }

    /** The finished copies in the outbox (a copy being written sits in a folder whose name starts with a dot). */
    private static Set<String> copies(Path folder) throws IOException {
        return entries(folder).stream().filter(name -> !name.startsWith(".")).collect(Collectors.toSet());
    }

    private static Set<String> entries(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return Set.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private List<String> subjects(String user, String box) throws Exception {
        Run run = mailv2(user, null, "inbox", "--box", box, "--json");
        assertThat(run.exit()).as(run.out()).isZero();
        List<?> rows = Json.mapper().readValue(run.out(), List.class);
        List<String> subjects = new ArrayList<>();
        for (Object row : rows) {
            subjects.add((String) ((Map<?, ?>) row).get("subject"));
        }
        return Collections.unmodifiableList(subjects);
    }

    private Run mailv2(String user, String stdin, String... args) {
        CommandLine cli = MailCli.commandLine(Map.of("MAILV2_HOME", dir.resolve(user).toString(),
                "MAILV2_PASSPHRASE", "passphrase of " + user));
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        if (stdin != null) {
            ((SendCommand) cli.getSubcommands().get("send").getCommand()).stdin =
                    new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        }
        return new Run(cli.execute(args), out.toString());
    }
}
