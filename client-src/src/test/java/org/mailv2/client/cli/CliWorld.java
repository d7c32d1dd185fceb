package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mailv2.protocol.json.Json;
import org.mailv2.server.app.RunningServer;
import org.mailv2.server.app.ServerInit;
import picocli.CommandLine;

/**
 * End-to-end fixture: servers on 127.0.0.1 with real TLS (accounts at 8 bits, same-server mail at 10), and users
 * who each drive the real {@code mailv2} command with their own home folder and passphrase.
 */
final class CliWorld implements AutoCloseable {
    /** One command's exit code and everything it printed (out and err together). */
    record Run(int exit, String out) {
        Run ok() {
            assertThat(exit).as(out).isZero();
            return this;
        }

        List<Map<?, ?>> rows() throws Exception {
            List<Map<?, ?>> rows = new ArrayList<>();
            for (Object o : Json.mapper().readValue(out, List.class)) {
                rows.add((Map<?, ?>) o);
            }
            return rows;
        }
    }

    /** For a server that many test accounts (and relays) reach from 127.0.0.1. */
    static final Map<String, String> UNTHROTTLED = Map.of(
            "requestsPerMinutePerIp: 1200", "requestsPerMinutePerIp: 1000000",
            "requestsPerMinutePerAccount: 600", "requestsPerMinutePerAccount: 1000000");

    private final Path dir;
    private final List<RunningServer> servers = new ArrayList<>();
    private int files;

    CliWorld(Path dir) {
        this.dir = dir;
    }

    /** A server; its own resolver when {@code resolver} is null. {@code config} edits its generated config file. */
    RunningServer server(String name, RunningServer resolver, Map<String, String> config) throws Exception {
        return server(name, resolver, config, Clock.systemUTC());
    }

    /** As {@link #server(String, RunningServer, Map)}, its request limits timed by {@code rateClock}. */
    RunningServer server(String name, RunningServer resolver, Map<String, String> config, Clock rateClock)
            throws Exception {
        return server(name, resolver, config, rateClock, Clock.systemUTC());
    }

    /** As {@link #server(String, RunningServer, Map, Clock)}, the server's own time read from {@code clock}. */
    RunningServer server(String name, RunningServer resolver, Map<String, String> config, Clock rateClock,
                         Clock clock) throws Exception {
        var created = ServerInit.init(dir.resolve(name), "127.0.0.1", 0, resolver == null ? "self" : resolver.url(),
                resolver == null ? null : resolver.certificatePin().hex(), "open", 8, 10, Clock.systemUTC(),
                new SecureRandom());
        String text = Files.readString(created.config()).replace("listen: 0.0.0.0", "listen: 127.0.0.1");
        for (var edit : config.entrySet()) {
            assertThat(text).contains(edit.getKey());
            text = text.replace(edit.getKey(), edit.getValue());
        }
        Files.writeString(created.config(), text);
        RunningServer server = RunningServer.start(created.config(), clock, rateClock);
        servers.add(server);
        return server;
    }

    RunningServer server(String name, RunningServer resolver) throws Exception {
        return server(name, resolver, Map.of());
    }

    /** Variables every user's commands see besides their home and passphrase (e.g. MAILV2_RATE_LIMIT_WAIT). */
    final Map<String, String> env = new java.util.HashMap<>();

    private Map<String, String> environment(String user) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("MAILV2_HOME", dir.resolve("home-" + user).toString());
        all.put("MAILV2_PASSPHRASE", "passphrase of " + user);
        return all;
    }

    /** The user's folders as the command resolves them. */
    org.mailv2.client.core.paths.ClientPaths paths(String user) {
        return org.mailv2.client.core.paths.ClientPaths.resolve(environment(user), dir);
    }

    /** The user's vault as the command opens it, and its passphrase. */
    org.mailv2.client.core.keyring.KeyringStore vault(String user) {
        return new org.mailv2.client.core.keyring.KeyringStore(paths(user).vault(),
                new org.mailv2.client.core.vault.VaultFile());
    }

    char[] passphrase(String user) {
        return environment(user).get("MAILV2_PASSPHRASE").toCharArray();
    }

    Run run(String user, String... args) {
        return runWith(user, Map.of(), args);
    }

    /** As {@link #run}, with {@code extra} variables for this one command (e.g. MAILV2_RECOVERY_PHRASE). */
    Run runWith(String user, Map<String, String> extra, String... args) {
        Map<String, String> env = new java.util.HashMap<>(environment(user));
        env.putAll(extra);
        CommandLine cli = MailCli.commandLine(env, args);
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        return new Run(cli.execute(args), out.toString());
    }

    /** A command's exit code, the bytes it wrote to standard output, and what it printed besides. */
    record Bytes(int exit, byte[] stdout, String messages) {
    }

    /** Runs a command whose standard output is bytes (a raw message), to a pipe or, with {@code terminal}, a tty. */
    Bytes bytes(String user, boolean terminal, String... args) {
        java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
        CommandLine cli = MailCli.commandLine(environment(user), stdout, terminal);
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        return new Bytes(cli.execute(args), stdout.toByteArray(), out.toString());
    }

    Run ok(String user, String... args) {
        return run(user, args).ok();
    }

    /** A file holding {@code text}, for {@code --body-file}. */
    String file(String text) throws Exception {
        return Files.writeString(dir.resolve("text-" + files++ + ".txt"), text, StandardCharsets.UTF_8).toString();
    }

    List<Map<?, ?>> inbox(String user) throws Exception {
        return ok(user, "inbox", "--json").rows();
    }

    Optional<Map<?, ?>> message(String user, String subject) throws Exception {
        return inbox(user).stream().filter(row -> subject.equals(row.get("subject"))).findFirst();
    }

    /** Polls the user's inbox (each poll is a real `mailv2 inbox`) until a message with this subject is there. */
    Map<?, ?> awaitMessage(String user, String subject) throws Exception {
        Map<?, ?>[] found = new Map<?, ?>[1];
        await(user + " gets \"" + subject + "\"", () -> {
            found[0] = message(user, subject).orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.call()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @Override
    public void close() {
        servers.forEach(RunningServer::close);
    }
}
