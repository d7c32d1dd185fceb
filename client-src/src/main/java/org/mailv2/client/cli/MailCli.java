package org.mailv2.client.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mailv2}: end-to-end encrypted, spam-resistant mail. */
@Command(name = "mailv2", mixinStandardHelpOptions = true, version = "mailv2 0.1.0",
        description = "End-to-end encrypted, spam-resistant mail.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:unexpected failure", "2:usage", "3:a message or key failed verification",
            "4:network failure", "5:not found", "6:refused by a server or by policy"})
public final class MailCli implements java.util.concurrent.Callable<Integer> {
    /**
     * The subcommands by name, in the order help lists them. Not in the annotation: picocli builds the model of every
     * command it is given, and for a short command that was a third of its run (BENCHMARKS.md), so {@link
     * #commandLine(Map, String...)} adds only the one the arguments name. The names are the commands' own (a test
     * checks), written out so that finding one reads no annotation.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands("local", LocalCommand.class, "tui", TuiCommand.class,
            "account", AccountCommand.class, "send", SendCommand.class, "inbox", InboxCommand.class,
            "read", ReadCommand.class, "export", ExportCommand.class, "sync", SyncCommand.class,
            "watch", WatchCommand.class, "flag", MessageCommands.Flag.class, "move", MessageCommands.Move.class,
            "delete", MessageCommands.Delete.class, "keys", KeysCommand.class, "contacts", ContactsCommand.class,
            "unlock", AgentCommands.Unlock.class, "lock", AgentCommands.Lock.class, "list", ListCommand.class,
            "lists", ListsCommand.class, "permits", PermitsCommand.class, "screener", ScreenerCommand.class,
            "report", ReportCommand.class, "blocks", BlocksCommand.class, "org", OrgCommand.class,
            "generate-completion", CompletionCommand.class, "generate-man", ManCommand.class,
            "tour", TourCommand.class, "help", CommandLine.HelpCommand.class);

    private static Map<String, Class<?>> subcommands(Object... namesAndClasses) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (int i = 0; i < namesAndClasses.length; i += 2) {
            byName.put((String) namesAndClasses[i], (Class<?>) namesAndClasses[i + 1]);
        }
        return Collections.unmodifiableMap(byName);
    }

    /** Subcommands that read the whole tree (help, completion, man pages): given, every command is added. */
    private static final Set<Class<?>> NEED_THE_WHOLE_TREE = Set.of(CompletionCommand.class, ManCommand.class,
            CommandLine.HelpCommand.class);

    @Option(names = "--profile", scope = CommandLine.ScopeType.INHERIT,
            description = "Keep this identity's files apart (several identities on one machine).")
    String profile;

    @Option(names = "--passphrase-file", scope = CommandLine.ScopeType.INHERIT,
            description = "Read the vault passphrase from this file (scripts); else MAILV2_PASSPHRASE, else a prompt.")
    Path passphraseFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Map<String, String> env = System.getenv();
    private java.io.OutputStream stdout = System.out;
    private java.util.function.BooleanSupplier stdoutIsTerminal = Terminals::stdoutIsTerminal;

    MailCli withEnvironment(Map<String, String> environment) {
        this.env = environment;
        return this;
    }

    CliContext context() throws IOException {
        return new CliContext(profile, passphraseFile, env);
    }

    /** Standard output as bytes, for what must not go through a character writer (a raw message). */
    java.io.OutputStream stdout() {
        return stdout;
    }

    boolean stdoutIsTerminal() {
        return stdoutIsTerminal.getAsBoolean();
    }

    /** As {@link #commandLine(Map)}, writing bytes to {@code stdout}, which is a terminal when {@code terminal}. */
    static CommandLine commandLine(Map<String, String> env, java.io.OutputStream stdout, boolean terminal) {
        CommandLine cli = commandLine(env);
        MailCli root = cli.getCommand();
        root.stdout = stdout;
        root.stdoutIsTerminal = () -> terminal;
        return cli;
    }

    /** The whole command tree. */
    public static CommandLine commandLine(Map<String, String> env) {
        return withSubcommands(env, List.copyOf(SUBCOMMANDS.values()));
    }

    /**
     * The command tree as far as {@code args} need it: the root and the subcommand they name (its own subcommands
     * included), or the whole tree when they name none that is known or one that lists the others.
     */
    public static CommandLine commandLine(Map<String, String> env, String... args) {
        Class<?> named = namedSubcommand(args);
        if (named == null || NEED_THE_WHOLE_TREE.contains(named)) {
            return commandLine(env);
        }
        return withSubcommands(env, List.of(named));
    }

    private static CommandLine withSubcommands(Map<String, String> env, List<Class<?>> subcommands) {
        // Permit ids are base64url and one in 64 starts with '-': an argument that is no known option is an argument.
        // The settings reach only the subcommands already added, so they come last.
        CommandLine cli = new CommandLine(new MailCli().withEnvironment(env));
        for (Class<?> subcommand : subcommands) {
            cli.addSubcommand(subcommand);
        }
        return cli.setExecutionExceptionHandler(new ExitCodes()).setUnmatchedOptionsArePositionalParams(true);
    }

    /** The subcommand {@code args} run: the first argument that is not a root option; local mode when there is none. */
    static Class<?> namedSubcommand(String... args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--profile") || arg.equals("--passphrase-file")) {
                i++;
            } else if (arg.startsWith("--profile=") || arg.startsWith("--passphrase-file=")) {
                continue;
            } else if (arg.startsWith("-")) {
                return null;
            } else {
                return SUBCOMMANDS.get(arg);
            }
        }
        return LocalCommand.class;
    }

    /** No subcommand: the embedded default, local mode in the terminal UI. */
    @Override
    public Integer call() {
        return spec.commandLine().execute("local");
    }
}
