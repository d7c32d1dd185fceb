package org.mailv2.client.cli;

import java.util.concurrent.Callable;
import org.mailv2.client.core.session.ClientSession;
import org.mailv2.client.core.session.ScreenerActions;
import org.mailv2.protocol.address.Address;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mailv2 report ID}: unwanted mail goes to the trash and its sender is declined (blocked at your server). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Reports unwanted mail: it moves to the trash and its sender is blocked at your server, which"
                + " answers their further mail `blocked` (undo with `mailv2 blocks remove`).")
final class ReportCommand implements Callable<Integer> {
    @ParentCommand
    MailCli root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "The message id.")
    String id;

    @Override
    public Integer call() throws Exception {
        try (ClientSession session = root.context().session()) {
            ScreenerActions.Report report = session.screener().report(id);
            String who = report.sender().map(Address::display)
                    .orElse("the sender " + report.senderHash().hex().substring(0, 16) + "…");
            spec.commandLine().getOut().println("reported: the message is in the trash; " + who + " is blocked"
                    + (report.alsoDeleted() > 0 ? ", " + report.alsoDeleted() + " more waiting message(s) deleted"
                    : ""));
        }
        return 0;
    }
}
