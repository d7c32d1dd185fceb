package org.mailv2.client.cli;

import org.mailv2.client.core.text.Plural;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mailv2.client.core.lists.ListService;
import org.mailv2.client.core.send.Delivery;
import org.mailv2.client.core.send.Pacing;
import org.mailv2.client.core.send.Sender;
import org.mailv2.client.core.session.ClientSession;
import org.mailv2.client.core.session.SyncReport;
import org.mailv2.client.core.text.UntrustedText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mailv2 sync}: hands the server what waited in the local outbox, then runs the client's one sync round
 * ({@link ClientSession#sync}): new mail checked against pinned keys, contact permits stored, refused permits answered
 * with a stamp, the subscription requests of every list the user runs applied, interrupted list posts finished.
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Sends what waits in the outbox, fetches the inbox and the screener, applies your lists'"
                + " subscription requests, and"
                + " finishes interrupted list posts.")
final class SyncCommand implements Callable<Integer> {
    @ParentCommand
    MailCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print what the round did as JSON (fields: box, added, screened,"
            + " keyChanged, contactPermitsReceived, unreachable, outbox[the fields of `send --json`], quarantined,"
            + " resent, unanswered, lists[list, subscribers, joined, left, refused, problem], resumedPosts[list,"
            + " subject, sent, problem]).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CliContext ctx = root.context();
        PrintWriter out = spec.commandLine().getOut();
        try (ClientSession session = ctx.session()) {
            SyncReport report = session.sync("inbox");
            boolean refused = !report.outbox().with(Delivery.Outcome.REFUSED).isEmpty();
            if (json) {
                out.println(UntrustedText.json(row(report)));
            } else {
                report(report.outbox(), out);
                print(report, out);
            }
            if (report.outbox().deliveries().stream().anyMatch(d -> Pacing.UNREACHABLE.equals(d.reason()))) {
                // A sync that cannot reach the server fails (and says so in its exit code); the copies wait.
                throw new IOException("your server is unreachable; the waiting copies stay in the outbox");
            }
            return refused ? ExitCodes.REFUSED : 0;
        }
    }

    static Map<String, Object> row(SyncReport report) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("box", report.box());
        row.put("added", report.added());
        row.put("screened", report.screened());
        row.put("keyChanged", report.keyChanged());
        row.put("contactPermitsReceived", report.learntPermits());
        row.put("unreachable", report.unreachable());
        row.put("outbox", report.outbox().deliveries().stream().map(SendCommand::row).toList());
        row.put("quarantined", report.outbox().quarantined());
        row.put("resent", report.resent().stream().map(SendCommand::row).toList());
        row.put("unanswered", report.unanswered());
        row.put("lists", report.lists().stream().map(a -> {
            Map<String, Object> list = new LinkedHashMap<>();
            list.put("list", a.list());
            list.put("subscribers", a.subscribers());
            list.put("joined", a.joined());
            list.put("left", a.left());
            list.put("refused", a.refused());
            list.put("problem", a.problem());
            return list;
        }).toList());
        row.put("resumedPosts", report.resumedPosts().stream().map(r -> {
            Map<String, Object> post = new LinkedHashMap<>();
            post.put("list", r.list());
            post.put("subject", r.subject());
            post.put("sent", r.deliveries().size());
            post.put("problem", r.problem());
            return post;
        }).toList());
        return row;
    }

    /** Prints what a flush of the outbox did; answers whether a copy was refused for good. */
    static boolean report(Sender.Flushed flushed, PrintWriter out) {
        List<Delivery> refused = flushed.with(Delivery.Outcome.REFUSED);
        List<Delivery> queued = flushed.with(Delivery.Outcome.QUEUED);
        out.println("outbox: " + flushed.with(Delivery.Outcome.DELIVERED).size() + " of "
                + flushed.deliveries().size() + " sent" + (refused.isEmpty() ? "" : ", " + refused.size()
                + " refused") + (queued.isEmpty() ? "" : ", " + queued.size() + " still waiting ("
                + queued.get(0).reason() + ")"));
        for (Delivery d : refused) {
            out.println("  " + SendCommand.line(d));
        }
        for (String torn : flushed.quarantined()) {
            out.println("  a torn copy (" + UntrustedText.line(torn) + ") was moved to the outbox's .quarantine folder");
        }
        return !refused.isEmpty();
    }

    /** What a sync round did, in the words both `sync` and `inbox` use. */
    static void print(SyncReport report, PrintWriter out) {
        if (report.unreachable() != null) {
            out.println(report.box() + ": the server is unreachable (" + UntrustedText.line(report.unreachable())
                    + ")");
        } else {
            out.println(report.box() + ": " + report.added() + " new" + (report.screened() == 0 ? ""
                    : ", " + report.screened() + " waiting in the screener (see `mailv2 screener list`)")
                    + (report.learntPermits() == 0 ? ""
                    : ", " + Plural.of(report.learntPermits(), "contact permit") + " received") + (report.keyChanged() == 0 ? ""
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
            out.println("list " + a.list() + ": " + Plural.of(a.subscribers(), "subscriber")
                    + (a.joined().isEmpty() ? "" : ", joined: " + String.join(" ", a.joined()))
                    + (a.left().isEmpty() ? "" : ", left: " + String.join(" ", a.left()))
                    + (a.refused().isEmpty() ? "" : ", not admitted (no valid invitation): "
                    + String.join(" ", a.refused())));
        }
        report.resumedPosts().forEach(r -> ListCommand.printResumed(out, r));
    }
}
