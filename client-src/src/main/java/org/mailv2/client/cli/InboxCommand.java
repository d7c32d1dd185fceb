package org.mailv2.client.cli;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.permits.ContactPermits;
import org.mailv2.client.core.read.MailboxReader;
import org.mailv2.client.core.send.Delivery;
import org.mailv2.client.core.send.Sender;
import org.mailv2.protocol.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mailv2 inbox}: syncs a box into the encrypted local cache (every new message verified against its sender's
 * keys) and lists it from there, newest first — also offline.
 */
@Command(name = "inbox", mixinStandardHelpOptions = true, description = "Lists messages in a box.")
final class InboxCommand implements Callable<Integer> {
    @ParentCommand
    MailCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--box", defaultValue = "inbox", description = "The box (default ${DEFAULT-VALUE}).")
    String box;

    @Option(names = "--limit", defaultValue = "50")
    int limit;

    @Option(names = "--json", description = "Print as JSON (fields: id, from, subject, date, verified, problem).")
    boolean json;

    @Option(names = "--search", description = "Only messages whose sender or subject contains this text.")
    String search;

    @Option(names = "--offline", description = "List the local cache without asking the server.")
    boolean offline;

    @Option(names = "--threads", description = "Group messages into threads (by Message-ID and References).")
    boolean threads;

    @Override
    public Integer call() throws Exception {
        CliContext ctx = root.context();
        var out = spec.commandLine().getOut();
        List<List<SummaryCache.Entry>> listed = new java.util.ArrayList<>();
        CachedUpdate.run(ctx, (keyring, cache) -> {
            var me = keyring.currentAccount();
            Keyring synced = offline ? keyring : sync(ctx, keyring, cache);
            listed.add(cache.list(me.parsedAddress().hash(), box, limit).stream().filter(this::matches).toList());
            return synced;
        });
        List<SummaryCache.Entry> entries = listed.get(0);
        if (json) {
            out.println(new String(Json.write(entries.stream().map(InboxCommand::row).toList()),
                    StandardCharsets.UTF_8));
            return 0;
        }
        if (entries.isEmpty()) {
            out.println("(no messages in " + box + ")");
        }
        if (threads) {
            printThreads(entries, out);
            return 0;
        }
        for (SummaryCache.Entry e : entries) {
            if (e.summary() != null) {
                // In the Sent box the interesting party is the recipient.
                String who = box.equals("sent") ? "to " + String.join(", ", e.summary().to()) : e.summary().from();
                out.printf("%s  %-24s %s  [verified]%n", e.messageId(), who, e.summary().subject());
            } else {
                out.printf("%s  %-24s %s%n", e.messageId(), "?", "NOT VERIFIED: " + e.problem());
            }
        }
        return 0;
    }

    /** Fetches the box; contact permits that arrived go into the keyring (saved by the caller). */
    private Keyring sync(CliContext ctx, Keyring keyring, SummaryCache cache) {
        var err = spec.commandLine().getErr();
        Sender sender = new Sender(ctx.clock, ctx.random, ctx.solver, ctx.paths.outbox());
        ContactPermits.Synced synced = new ContactPermits(ctx.clock, sender, new MailboxReader(ctx.paths.cacheDir()))
                .sync(Connection.open(keyring.currentAccount(), ctx.clock), keyring, cache, box);
        if (synced.unreachable() != null) {
            err.println("mailv2: the server is unreachable; showing what is cached (" + synced.unreachable() + ")");
        }
        for (Delivery d : synced.resent()) {
            err.println("mailv2: the permit for " + d.recipient().display() + " was refused; "
                    + SendCommand.line(d).replace("sent to ", "sent again to "));
        }
        return synced.keyring();
    }

    /** Threads newest first (by their newest message), each with its messages oldest first, indented. */
    private void printThreads(List<SummaryCache.Entry> entries, java.io.PrintWriter out) {
        Map<String, List<SummaryCache.Entry>> byThread = new LinkedHashMap<>();
        for (SummaryCache.Entry e : entries) {
            String thread = e.summary() == null ? "unverified:" + e.messageId() : e.summary().threadId();
            byThread.computeIfAbsent(thread, t -> new java.util.ArrayList<>()).add(e);
        }
        for (List<SummaryCache.Entry> thread : byThread.values()) {
            SummaryCache.Entry first = thread.get(thread.size() - 1);
            String subject = first.summary() == null ? "NOT VERIFIED: " + first.problem() : first.summary().subject();
            out.printf("%s (%d)%n", subject, thread.size());
            for (int i = thread.size() - 1; i >= 0; i--) {
                SummaryCache.Entry e = thread.get(i);
                out.printf("  %s  %s%n", e.messageId(), e.summary() == null ? "?" : e.summary().from());
            }
        }
    }

    private boolean matches(SummaryCache.Entry e) {
        if (search == null) {
            return true;
        }
        if (e.summary() == null) {
            return false;
        }
        String needle = search.toLowerCase(java.util.Locale.ROOT);
        return e.summary().from().toLowerCase(java.util.Locale.ROOT).contains(needle)
                || e.summary().subject().toLowerCase(java.util.Locale.ROOT).contains(needle);
    }

    private static Map<String, Object> row(SummaryCache.Entry e) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", e.messageId());
        row.put("verified", e.summary() != null);
        if (e.summary() != null) {
            row.put("from", e.summary().from());
            row.put("to", e.summary().to());
            row.put("cc", e.summary().cc());
            row.put("subject", e.summary().subject());
            row.put("date", e.summary().date());
            row.put("attachments", e.summary().attachments());
        } else {
            row.put("problem", e.problem());
        }
        row.put("flags", e.flags());
        return row;
    }
}
