package org.mailv2.client.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.mailv2.client.core.account.AccountCreator;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.local.LocalMode;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.session.ClientSession;
import org.mailv2.client.core.text.UntrustedText;
import org.mailv2.client.core.send.Draft;
import org.mailv2.client.core.send.Sender;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.error.ErrorCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mailv2 local}: the embedded default. Starts (or joins) a real server on 127.0.0.1, creates the first account
 * and a welcome message on first use, and opens the terminal UI; the server runs until the UI quits.
 */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Runs mailv2 against a server on this machine (started here, or joined from another terminal).")
final class LocalCommand implements Callable<Integer> {
    static final String WELCOME = LocalMode.WELCOME;

    @ParentCommand
    MailCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--address", description = "Your address on first use, e.g. alice! (asked when absent).")
    String address;

    @Option(names = "--port", defaultValue = "" + LocalMode.DEFAULT_PORT,
            description = "Port of the local server (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--once", description = "Set up, print the inbox, then stop (scripts; no terminal UI).")
    boolean once;

    @Option(names = "--no-tui", description = "Print the inbox instead of opening the terminal UI, and keep the"
            + " server running until Ctrl-C (for other terminals to join).")
    boolean noTui;

    /** Released to stop a server run with --no-tui (Ctrl-C does it too); tests release it themselves. */
    java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        CliContext ctx = root.context();
        var out = spec.commandLine().getOut();
        if (!once && !noTui) {
            // The embedded server logs each request; on a full-screen UI that would scribble over the screen.
            System.setProperty("org.slf4j.simpleLogger.logFile",
                    ctx.paths.dataDir().resolve("local-server.log").toString());
        }
        try (LocalMode.Endpoint server = LocalMode.joinOrStart(ctx.paths.dataDir().resolve("local-server"), port)) {
            out.println(server.runsHere() ? "Local server started at " + server.url()
                    : "Joined the local server at " + server.url());
            Keyring keyring = ctx.keyring();
            if (keyring.accounts().isEmpty()) {
                Keyring created = firstUse(ctx, keyring, server, out);
                keyring = ctx.update(k -> {
                    Keyring merged = k;
                    for (OwnAccount a : created.accounts()) {
                        merged = merged.withAccount(a);
                    }
                    return merged.withCurrent(created.currentAccount().parsedAddress());
                });
            }
            if (!once && !noTui) {
                // The terminal UI takes over the screen; the server (if it runs here) runs until the UI quits.
                TuiCommand.open(ctx, 0);
                return 0;
            }
            try (ClientSession session = ctx.session()) {
                out.println("You are " + session.me().address() + ". Inbox:");
                session.sync("inbox");
                for (SummaryCache.Entry e : session.cache().list(session.account(), "inbox", 50)) {
                    out.printf("  %s  %-20s %s%n", e.messageId(),
                            e.verified() ? UntrustedText.line(e.summary().from()) : "?",
                            e.verified() ? UntrustedText.line(e.summary().subject()) : InboxCommand.notVerified(e));
                }
            }
            if (server.runsHere() && noTui) {
                out.println("The server runs while this command does. Another terminal can join it with, e.g.:");
                out.println("  MAILV2_HOME=/tmp/bob bin/mailv2 local --address bob!");
                out.println("Press Ctrl-C to stop.");
                out.flush();
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "local-stop"));
                stop.await();
            }
            return 0;
        }
    }

    private Keyring firstUse(CliContext ctx, Keyring keyring, LocalMode.Endpoint server, java.io.PrintWriter out)
            throws Exception {
        Address mine = address != null ? Address.parse(address) : chooseAddress(LocalCommand::ask, line -> {
            out.println(line);
            out.flush();
        });
        out.println("Creating " + mine.display() + " (a few seconds of proof of work)…");
        out.flush();
        AccountCreator creator = new AccountCreator(ctx.clock, ctx.random, ctx.solver);
        OwnAccount me = creator.create(mine, null, server.url(), server.pin(), null, p -> { });
        Keyring withMe = keyring.withAccount(me);
        try {
            OwnAccount welcome = creator.create(Address.parse(WELCOME), "mailv2", server.url(), server.pin(), null,
                    p -> { });
            new Sender(ctx.clock, ctx.random, ctx.solver, ctx.paths.outbox()).send(
                    Connection.open(welcome, ctx.clock), Keyring.empty().withAccount(welcome), new Draft(
                            List.of(mine), null, null, "Welcome to mailv2", welcomeText(mine), null, null, null),
                    s -> { }, p -> { });
            return withMe.withAccount(welcome).withCurrent(mine);
        } catch (ApiException e) {
            if (e.code() == ErrorCode.CONFLICT) {
                return withMe;
            }
            throw e;
        }
    }

    /** One question on the terminal. */
    @FunctionalInterface
    interface Ask {
        String read(String prompt) throws java.io.IOException;
    }

    /**
     * The user's address, asked until it is one: a mistake is explained and asked again (a missing {@code !} gets a
     * suggestion) instead of ending the program.
     */
    static Address chooseAddress(Ask ask, java.util.function.Consumer<String> say) throws java.io.IOException {
        while (true) {
            String typed = ask.read("Choose your address (e.g. alice!): ");
            if (typed == null) {
                throw new java.io.IOException("no address chosen");
            }
            typed = typed.trim();
            try {
                Address chosen = Address.parse(typed);
                if (chosen.display().equals(WELCOME)) {
                    say.accept(WELCOME + " is the address of the welcome message; choose another.");
                    continue;
                }
                return chosen;
            } catch (RuntimeException invalid) {
                if (!typed.isEmpty() && !typed.endsWith("!") && valid(typed + "!")) {
                    say.accept("mailv2 addresses end with '!': did you mean " + typed + "! ? Type it with the '!'.");
                } else {
                    say.accept("That is not an address: " + UntrustedText.line(reason(invalid)) + ". An address is"
                            + " 3 to 64 letters, digits, dots or dashes and a '!', like alice! (or alice@acme! in an"
                            + " organisation).");
                }
            }
        }
    }

    private static boolean valid(String text) {
        try {
            Address.parse(text);
            return true;
        } catch (RuntimeException invalid) {
            return false;
        }
    }

    private static String reason(RuntimeException invalid) {
        return invalid.getMessage() == null ? "not valid" : invalid.getMessage();
    }

    private static String ask(String prompt) throws java.io.IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            return LineReaderBuilder.builder().terminal(terminal).build().readLine(prompt).trim();
        }
    }

    static String welcomeText(Address to) {
        return """
                Hello %s,

                this message was sealed to your key on this machine's mailv2 server:
                the server stores it, but only you can read it. It was signed by
                welcome!, and your client checked that signature before showing it
                (the green tick in the list, "verified signature" above).

                Things to try here: c writes a message (a first message to someone
                costs a small proof of work; the review screen says how much), L
                browses and joins mailing lists, K shows your keys, ? lists every
                key. In another terminal, a second user joins this server:
                  MAILV2_HOME=/tmp/bob bin/mailv2 local --address bob!
                The same works from the command line: mailv2 send, mailv2 inbox.
                """.formatted(to.display());
    }
}
