package org.mailv2.client.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mailv2.client.core.lists.ListService;
import org.mailv2.client.core.send.Delivery;
import org.mailv2.client.core.send.Outbox;
import org.mailv2.client.core.session.ClientSession;
import org.mailv2.client.core.session.SyncReport;
import org.mailv2.client.core.text.UntrustedText;
import org.mailv2.protocol.api.ApiException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mailv2 sync}: hands the server what waited in the local outbox, then runs the client's one sync round
 * ({@link ClientSession#sync}): new mail checked against pinned keys, contact permits stored, refused permits answered
 * with a stamp, the subscription requests of every list the user runs applied, interrupted list posts finished.
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Sends what waits in the outbox, fetches the inbox, applies your lists' subscription requests, and"
                + " finishes interrupted list posts.")
final class SyncCommand implements Callable<Integer> {
    @ParentCommand
    MailCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CliContext ctx = root.context();
        PrintWriter out = spec.commandLine().getOut();
        try (ClientSession session = ctx.session()) {
            boolean refused = flushOutbox(session, out);
            print(session.sync("inbox"), out);
            return refused ? ExitCodes.REFUSED : 0;
        }
    }

    /** @return whether the server refused a waiting copy */
    private static boolean flushOutbox(ClientSession session, PrintWriter out) throws Exception {
        Outbox outbox = new Outbox(session.paths().outbox(), session.clock());
        String me = session.me().address();
        int waiting = outbox.pending(me).size();
        List<ApiException> refused = new ArrayList<>();
        int sent = outbox.flush(session.connection(), me, refused);
        out.println("outbox: " + sent + " of " + waiting + " sent" + (refused.isEmpty() ? ""
                : ", " + refused.size() + " refused"));
        for (ApiException e : refused) {
            out.println("  refused: " + UntrustedText.line(e.getMessage()) + " (" + e.code().wire() + ")");
        }
        return !refused.isEmpty();
    }

    /** What a sync round did, in the words both `sync` and `inbox` use. */
    static void print(SyncReport report, PrintWriter out) {
        if (report.unreachable() != null) {
            out.println(report.box() + ": the server is unreachable (" + UntrustedText.line(report.unreachable())
                    + ")");
        } else {
            out.println(report.box() + ": " + report.added() + " new" + (report.learntPermits() == 0 ? ""
                    : ", " + report.learntPermits() + " contact permit(s) received") + (report.keyChanged() == 0 ? ""
                    : ", " + report.keyChanged() + " signed with a changed key (not verified: see `mailv2 contacts"
                    + " list`)"));
        }
        for (Delivery d : report.resent()) {
            out.println("  the permit for " + d.recipient().display() + " was refused; "
                    + SendCommand.line(d).replace("sent to ", "sent again to "));
        }
        report.unanswered().forEach(why -> out.println("  delivery-status message not acted on: "
                + UntrustedText.line(why)));
        for (ListService.Applied a : report.lists()) {
            if (a.problem() != null) {
                out.println("list " + a.list() + ": not synced (" + UntrustedText.line(a.problem()) + ")");
                continue;
            }
            out.println("list " + a.list() + ": " + a.subscribers() + " subscriber(s)"
                    + (a.joined().isEmpty() ? "" : ", joined: " + String.join(" ", a.joined()))
                    + (a.left().isEmpty() ? "" : ", left: " + String.join(" ", a.left()))
                    + (a.refused().isEmpty() ? "" : ", not admitted (no valid invitation): "
                    + String.join(" ", a.refused())));
        }
        report.resumedPosts().forEach(r -> ListCommand.printResumed(out, r));
    }
}
