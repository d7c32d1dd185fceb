package org.mailv2.client.cli;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.read.InboxEntry;
import org.mailv2.client.core.read.MailboxReader;
import org.mailv2.protocol.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mailv2 inbox}: lists a box, every message verified against its sender's keys. */
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

    @Override
    public Integer call() throws Exception {
        CliContext ctx = root.context();
        var keyring = ctx.keyring();
        List<InboxEntry> entries = new MailboxReader(ctx.paths.cacheDir().resolve("scratch"))
                .list(Connection.open(keyring.currentAccount(), ctx.clock), box, limit);
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(new String(Json.write(entries.stream().map(InboxCommand::row).toList()),
                    StandardCharsets.UTF_8));
            return 0;
        }
        if (entries.isEmpty()) {
            out.println("(no messages in " + box + ")");
        }
        for (InboxEntry e : entries) {
            if (e.verified()) {
                // In the Sent box the interesting party is the recipient.
                String who = box.equals("sent") ? "to " + String.join(", ", e.summary().to()) : e.summary().from();
                out.printf("%s  %-24s %s  [verified]%n", e.messageId(), who, e.summary().subject());
            } else {
                out.printf("%s  %-24s %s%n", e.messageId(), "?", "NOT VERIFIED: " + e.problem());
            }
        }
        return 0;
    }

    private static Map<String, Object> row(InboxEntry e) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", e.messageId());
        row.put("verified", e.verified());
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
