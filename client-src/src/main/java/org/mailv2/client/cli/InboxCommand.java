package org.mailv2.client.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.send.Delivery;
import org.mailv2.client.core.session.ClientSession;
import org.mailv2.client.core.session.SyncReport;
import org.mailv2.client.core.text.UntrustedText;
import org.mailv2.client.core.trust.Trust;
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

    @Option(names = "--json", description = "Print as JSON (fields: id, verified, trust, keyId, from, to, cc, subject, date,"
            + " attachments, flags; or problem).")
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
        List<SummaryCache.Entry> entries;
        try (ClientSession session = ctx.session()) {
            if (!offline) {
                SyncReport report = session.sync(box);
                if (report.unreachable() != null) {
                    spec.commandLine().getErr().println("mailv2: the server is unreachable; showing what is cached ("
                            + UntrustedText.line(report.unreachable()) + ")");
                }
                for (Delivery d : report.resent()) {
                    spec.commandLine().getErr().println("mailv2: the permit for " + d.recipient().display()
                            + " was refused; " + SendCommand.line(d).replace("sent to ", "sent again to "));
                }
            }
            entries = session.cache().list(session.account(), box, limit).stream().filter(this::matches).toList();
        }
        if (json) {
            out.println(UntrustedText.json(entries.stream().map(InboxCommand::row).toList()));
            return 0;
        }
        if (entries.isEmpty()) {
            out.println("(no messages in " + box + ")");
        }
        if (threads) {
            printThreads(entries, out);
            return 0;
        }
        // In the Sent box the interesting party is the recipient.
        entries.forEach(e -> out.println(line(e, box.equals("sent"))));
        return 0;
    }

    /** One message as a line: id, who, subject and badge, or why it is not shown. Text from others is sanitised. */
    static String line(SummaryCache.Entry e, boolean toWhom) {
        if (!e.verified()) {
            return String.format("%s  %-24s %s", e.messageId(), "?", notVerified(e));
        }
        String who = toWhom ? "to " + String.join(", ", e.summary().to()) : e.summary().from();
        return String.format("%s  %-24s %s  %s", e.messageId(), UntrustedText.line(who),
                UntrustedText.line(e.summary().subject()), badge(e.trust()));
    }

    /** The signature verified against the pinned key; the safety number too, when the user compared it. */
    static String badge(Trust trust) {
        return trust == Trust.VERIFIED ? "[verified, safety number checked]" : "[verified]";
    }

    static String notVerified(SummaryCache.Entry e) {
        return switch (e.trust()) {
            case KEY_CHANGED -> "NOT VERIFIED: signed with a changed key (" + e.problem() + ")";
            case UNCHECKED -> "NOT CHECKED YET: cached by an older client; `mailv2 sync` checks it";
            default -> "NOT VERIFIED: " + e.problem();
        };
    }

    /** Threads newest first (by their newest message), each with its messages oldest first, indented. */
    private void printThreads(List<SummaryCache.Entry> entries, java.io.PrintWriter out) {
        Map<String, List<SummaryCache.Entry>> byThread = new LinkedHashMap<>();
        for (SummaryCache.Entry e : entries) {
            String thread = !e.verified() ? "unverified:" + e.messageId() : e.summary().threadId();
            byThread.computeIfAbsent(thread, t -> new java.util.ArrayList<>()).add(e);
        }
        for (List<SummaryCache.Entry> thread : byThread.values()) {
            SummaryCache.Entry first = thread.get(thread.size() - 1);
            String subject = !first.verified() ? notVerified(first) : UntrustedText.line(first.summary().subject());
            out.printf("%s (%d)%n", subject, thread.size());
            for (int i = thread.size() - 1; i >= 0; i--) {
                SummaryCache.Entry e = thread.get(i);
                out.printf("  %s  %s%n", e.messageId(), !e.verified() ? "?" : UntrustedText.line(e.summary().from()));
            }
        }
    }

    private boolean matches(SummaryCache.Entry e) {
        if (search == null) {
            return true;
        }
        if (!e.verified()) {
            return false;
        }
        String needle = search.toLowerCase(java.util.Locale.ROOT);
        return e.summary().from().toLowerCase(java.util.Locale.ROOT).contains(needle)
                || e.summary().subject().toLowerCase(java.util.Locale.ROOT).contains(needle);
    }

    static Map<String, Object> row(SummaryCache.Entry e) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", e.messageId());
        row.put("verified", e.verified());
        row.put("trust", e.trust().wire());
        if (e.keyId() != null) {
            row.put("keyId", e.keyId());
        }
        if (e.verified()) {
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
