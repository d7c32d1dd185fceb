package org.mailv2.client.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.lists.ListPosts;
import org.mailv2.client.core.lists.ListService;
import org.mailv2.client.core.permits.ContactPermits;
import org.mailv2.client.core.read.MailboxReader;
import org.mailv2.client.core.send.Delivery;
import org.mailv2.client.core.send.Pacing;
import org.mailv2.client.core.send.Sender;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mailv2 sync}: hands the server what waited in the local outbox, fetches the inbox (storing contact permits
 * that arrived, and sending again with a stamp what a refused permit held up), applies the subscription requests
 * of every list the user runs, and finishes that user's list posts that were interrupted.
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
        boolean[] refused = {false};
        CachedUpdate.run(ctx, (keyring, cache) -> {
            OwnAccount me = keyring.currentAccount();
            Connection connection = Connection.open(me, ctx.clock);
            Sender sender = ctx.sender();
            refused[0] = flushOutbox(ctx, sender, keyring, out);
            Keyring synced = inbox(ctx, sender, connection, keyring, cache, out);
            ListService lists = new ListService(ctx.clock, ctx.random, sender);
            // After the requests, so that who left since an interrupted post began is skipped.
            return posts(lists, lists(lists, synced, cache, out), out);
        });
        return refused[0] ? ExitCodes.REFUSED : 0;
    }

    /** @return whether the server refused a waiting copy for good */
    /** Flushes the waiting copies of every account of the vault (a list's posts wait under the list's account). */
    private static boolean flushOutbox(CliContext ctx, Sender sender, Keyring keyring, PrintWriter out)
            throws IOException {
        List<Delivery> deliveries = new ArrayList<>();
        List<String> quarantined = new ArrayList<>();
        for (OwnAccount account : keyring.accounts()) {
            Sender.Flushed flushed = sender.flush(Connection.open(account, ctx.clock));
            deliveries.addAll(flushed.deliveries());
            quarantined.addAll(flushed.quarantined());
        }
        boolean refused = report(new Sender.Flushed(deliveries, quarantined), out);
        if (deliveries.stream().anyMatch(d -> Pacing.UNREACHABLE.equals(d.reason()))) {
            // As before the outbox kept copies on passing errors: a sync that cannot reach the server fails (and says
            // so in its exit code); the copies wait.
            throw new IOException("your server is unreachable; the waiting copies stay in the outbox");
        }
        return refused;
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
            out.println("  a torn copy (" + torn + ") was moved to the outbox's .quarantine folder");
        }
        return !refused.isEmpty();
    }

    private static Keyring inbox(CliContext ctx, Sender sender, Connection connection, Keyring keyring,
                                 SummaryCache cache, PrintWriter out) {
        ContactPermits.Synced synced = new ContactPermits(ctx.clock, sender, new MailboxReader(ctx.paths.cacheDir()))
                .sync(connection, keyring, cache, "inbox");
        if (synced.unreachable() != null) {
            out.println("inbox: the server is unreachable (" + synced.unreachable() + ")");
        } else {
            out.println("inbox: " + synced.added() + " new" + (synced.learnt() == 0 ? ""
                    : ", " + synced.learnt() + " contact permit(s) received"));
        }
        for (Delivery d : synced.resent()) {
            out.println("  the permit for " + d.recipient().display() + " was refused; "
                    + SendCommand.line(d).replace("sent to ", "sent again to "));
        }
        synced.unanswered().forEach(why -> out.println("  delivery-status message not acted on: " + why));
        return synced.keyring();
    }

    private static Keyring posts(ListService service, Keyring keyring, PrintWriter out) throws IOException {
        ListPosts.Resumed resumed = service.resumePosts(keyring, s -> { });
        resumed.posts().forEach(r -> ListCommand.printResumed(out, r));
        return resumed.keyring();
    }

    private static Keyring lists(ListService service, Keyring keyring, SummaryCache cache, PrintWriter out) {
        ListService.Processed processed = service.processAll(keyring, cache);
        for (ListService.Applied a : processed.lists()) {
            if (a.problem() != null) {
                out.println("list " + a.list() + ": not synced (" + a.problem() + ")");
                continue;
            }
            out.println("list " + a.list() + ": " + a.subscribers() + " subscriber(s)"
                    + (a.joined().isEmpty() ? "" : ", joined: " + String.join(" ", a.joined()))
                    + (a.left().isEmpty() ? "" : ", left: " + String.join(" ", a.left()))
                    + (a.refused().isEmpty() ? "" : ", not admitted (no valid invitation): "
                    + String.join(" ", a.refused())));
        }
        return processed.keyring();
    }
}
