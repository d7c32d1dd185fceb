package org.mailv2.client.cli;

import java.util.concurrent.Callable;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.send.Delivery;
import org.mailv2.client.core.session.ClientSession;
import org.mailv2.client.core.session.ScreenerActions;
import org.mailv2.client.core.session.SyncReport;
import org.mailv2.client.core.text.UntrustedText;
import org.mailv2.protocol.address.Address;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mailv2 screener list|accept ADDRESS|decline ADDRESS}: first contacts — stamped mail from senders you have
 * not written to or accepted — wait in the screener until you decide.
 */
@Command(name = "screener", mixinStandardHelpOptions = true, description = "First contacts waiting for your decision.",
        subcommands = {ScreenerCommand.List.class, ScreenerCommand.Accept.class, ScreenerCommand.Decline.class})
final class ScreenerCommand {
    @ParentCommand
    MailCli root;

    /** {@code mailv2 screener list}: syncs, then lists what waits, newest first. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the mail waiting in the screener.")
    static final class List implements Callable<Integer> {
        @ParentCommand
        ScreenerCommand screener;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print as JSON (the fields of `mailv2 inbox --json`).")
        boolean json;

        @Option(names = "--limit", defaultValue = "50")
        int limit;

        @Override
        public Integer call() throws Exception {
            var out = spec.commandLine().getOut();
            java.util.List<SummaryCache.Entry> entries;
            try (ClientSession session = screener.root.context().session()) {
                SyncReport report = session.sync("inbox");
                if (report.unreachable() != null) {
                    spec.commandLine().getErr().println("mailv2: the server is unreachable; showing what is cached ("
                            + UntrustedText.line(report.unreachable()) + ")");
                }
                entries = session.screener().waiting(limit);
            }
            if (json) {
                out.println(UntrustedText.json(entries.stream().map(InboxCommand::row).toList()));
                return 0;
            }
            if (entries.isEmpty()) {
                out.println("(no one waits in the screener)");
            }
            entries.forEach(e -> out.println(InboxCommand.line(e, false)));
            return 0;
        }
    }

    /** {@code mailv2 screener accept ADDRESS}: allowed from now on; what waits moves to the inbox. */
    @Command(name = "accept", mixinStandardHelpOptions = true,
            description = "Lets a sender in: their waiting mail moves to the inbox, and later mail goes there.")
    static final class Accept implements Callable<Integer> {
        @ParentCommand
        ScreenerCommand screener;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0")
        String address;

        @Option(names = "--no-permit", description = "Let them in quietly: no note with a contact permit (their"
                + " answers then pay a stamp, but they do not learn that the address is read).")
        boolean noPermit;

        @Override
        public Integer call() throws Exception {
            try (ClientSession session = screener.root.context().session()) {
                ScreenerActions.Decision d = session.screener().accept(Address.parse(address), !noPermit);
                var out = spec.commandLine().getOut();
                out.println("accepted " + d.sender().display() + ": " + d.messages()
                        + " message(s) moved to the inbox");
                if (d.permitMessage() != null) {
                    out.println("contact permit: " + SendCommand.line(d.permitMessage()));
                    return d.permitMessage().outcome() == Delivery.Outcome.REFUSED ? ExitCodes.REFUSED : 0;
                }
            }
            return 0;
        }
    }

    /** {@code mailv2 screener decline ADDRESS}: blocked at your server; what waits is deleted. */
    @Command(name = "decline", mixinStandardHelpOptions = true,
            description = "Turns a sender away: their waiting mail is deleted and their server told `blocked` from now"
                    + " on (undo with `mailv2 blocks remove`).")
    static final class Decline implements Callable<Integer> {
        @ParentCommand
        ScreenerCommand screener;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0")
        String address;

        @Override
        public Integer call() throws Exception {
            try (ClientSession session = screener.root.context().session()) {
                ScreenerActions.Decision d = session.screener().decline(Address.parse(address));
                spec.commandLine().getOut().println("declined " + d.sender().display() + ": blocked, " + d.messages()
                        + " waiting message(s) deleted");
            }
            return 0;
        }
    }
}
