package org.mailv2.client.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mailv2.client.core.export.ExportTarget;
import org.mailv2.client.core.export.MailExport;
import org.mailv2.client.core.export.Maildir;
import org.mailv2.client.core.export.Mbox;
import org.mailv2.client.core.session.ClientSession;
import org.mailv2.client.core.text.Plural;
import org.mailv2.client.core.text.UntrustedText;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mailv2 export --maildir DIR | --mbox FILE}: every box's verified messages, decrypted as they were sealed, for
 * other mail clients; messages that fail verification are listed and left out.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Writes every box's verified messages, decrypted, to a Maildir tree or an mbox file.")
final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    MailCli root;

    @Spec
    CommandSpec spec;

    static final class Where {
        @Option(names = "--maildir", required = true, description = "One maildir per box under this folder"
                + " (aerc: maildir://DIR; NeoMutt: neomutt -f DIR/inbox). Running it again adds what is new.")
        Path maildir;

        @Option(names = "--mbox", required = true, description = "One mbox file (mboxrd) for every box; it must"
                + " not exist yet.")
        Path mbox;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Where where;

    @Option(names = "--json", description = "Print as JSON (fields: exported {box: count}, total, skipped,"
            + " failures [box, id, problem]).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MailExport.Result result;
        try (ClientSession session = root.context().session();
             ExportTarget target = where.maildir != null ? new Maildir(where.maildir) : new Mbox(where.mbox)) {
            result = session.export(target, box -> {
                if (!json) {
                    err.println("exporting " + UntrustedText.line(box) + "…");
                }
            });
        }
        if (json) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("exported", result.exported());
            row.put("total", result.total());
            row.put("skipped", result.skipped());
            List<Map<String, String>> failures = new ArrayList<>();
            result.failures().forEach(f -> failures.add(Map.of("box", f.box(), "id", f.messageId(),
                    "problem", f.problem())));
            row.put("failures", failures);
            out.println(UntrustedText.json(row));
        } else {
            Path to = where.maildir != null ? where.maildir : where.mbox;
            List<String> parts = new ArrayList<>();
            result.exported().forEach((box, n) -> parts.add(UntrustedText.line(box) + " " + n));
            out.println("exported " + Plural.of(result.total(), "message") + " to " + UntrustedText.line(to.toString())
                    + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")")
                    + (result.skipped() == 0 ? "" : "; " + result.skipped() + " already there"));
            for (MailExport.Failure f : result.failures()) {
                out.println("  not exported: " + UntrustedText.line(f.box()) + " " + f.messageId() + " ("
                        + UntrustedText.line(f.problem()) + ")");
            }
        }
        return result.failures().isEmpty() ? 0 : ExitCodes.VERIFICATION;
    }
}
