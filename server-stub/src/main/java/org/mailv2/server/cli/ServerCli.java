package org.mailv2.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mailv2-server}: set up, run and administer a mailv2 server. */
@Command(name = "mailv2-server", mixinStandardHelpOptions = true, version = "mailv2-server 0.1.0",
        description = "Runs a mailv2 server: accounts, resolver, delivery, mailboxes over HTTPS.",
        subcommands = {InitCommand.class, ServeCommand.class, InviteCommand.class, InvitesCommand.class,
            AccountsCommand.class, QueueCommand.class, MigrateCommand.class})
public final class ServerCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        org.mailv2.server.http.MailServer.refuseClientRenegotiation();
        System.exit(new CommandLine(new ServerCli()).setExecutionExceptionHandler(ServerCli::failed).execute(args));
    }

    /** A failure (database unreachable, a file missing) is one line for the operator, not a stack trace: exit 1. */
    private static int failed(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        cli.getErr().println("mailv2-server: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        return 1;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
