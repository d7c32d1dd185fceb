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
        System.exit(new CommandLine(new ServerCli()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
