package org.mailv2.client.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mailv2}: end-to-end encrypted, spam-resistant mail. */
@Command(name = "mailv2", mixinStandardHelpOptions = true, version = "mailv2 0.1.0",
        description = "End-to-end encrypted, spam-resistant mail.",
        subcommands = {LocalCommand.class, TuiCommand.class, AccountCommand.class, SendCommand.class, InboxCommand.class,
            ReadCommand.class, ExportCommand.class, SyncCommand.class, WatchCommand.class,
            MessageCommands.Flag.class, MessageCommands.Move.class, MessageCommands.Delete.class, KeysCommand.class,
            ContactsCommand.class, AgentCommands.Unlock.class, AgentCommands.Lock.class, ListCommand.class, ListsCommand.class, PermitsCommand.class, ScreenerCommand.class, ReportCommand.class, BlocksCommand.class, OrgCommand.class, CompletionCommand.class, ManCommand.class, TourCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:unexpected failure", "2:usage", "3:a message or key failed verification",
            "4:network failure", "5:not found", "6:refused by a server or by policy"})
public final class MailCli implements java.util.concurrent.Callable<Integer> {
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

    public static CommandLine commandLine(Map<String, String> env) {
        // Permit ids are base64url and one in 64 starts with '-': an argument that is no known option is an argument.
        return new CommandLine(new MailCli().withEnvironment(env)).setExecutionExceptionHandler(new ExitCodes())
                .setUnmatchedOptionsArePositionalParams(true);
    }

    /** No subcommand: the embedded default, local mode in the terminal UI. */
    @Override
    public Integer call() {
        return spec.commandLine().execute("local");
    }
}
