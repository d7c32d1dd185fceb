package org.mailv2.client.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mailv2.client.core.open.AttachmentOpener;
import org.mailv2.client.core.read.MailboxReader;
import org.mailv2.client.core.session.ClientSession;
import org.mailv2.client.core.text.HtmlText;
import org.mailv2.client.core.text.UntrustedText;
import org.mailv2.client.core.trust.Trust;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.seal.AttachmentSink;
import org.mailv2.protocol.seal.OpenedMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mailv2 read ID}: checks the sender against the pinned key, decrypts and shows one message; attachments can be
 * saved (never over an existing file, and only when the whole body verified).
 */
@Command(name = "read", mixinStandardHelpOptions = true, description = "Shows one message.")
final class ReadCommand implements Callable<Integer> {
    @ParentCommand
    MailCli root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "The message id (from `mailv2 inbox`).")
    String id;

    @Option(names = "--save-attachments", description = "Save the attachments into this folder.")
    Path saveTo;

    @Option(names = "--json", description = "Print as JSON (fields: from, to, cc, subject, date, text, attachments,"
            + " verified, trust, keyId; or verified, trust, keyId, problem for a message that failed).")
    boolean json;

    @Option(names = "--raw", description = "Write the decrypted message (RFC 5322, with its attachments) exactly as"
            + " it was sealed to standard output, for a pipe or a file; refused on a terminal without --force.")
    boolean raw;

    @Option(names = "--force", description = "With --raw: write to a terminal all the same.")
    boolean force;

    @Option(names = "--open", paramLabel = "N", description = "Open attachment N (1 for the first) with its mailcap"
            + " viewer, else xdg-open: decrypted into a private runtime folder and removed when the viewer exits (not"
            + " sooner than MAILV2_OPEN_KEEP_SECONDS, default 10, after it started). An HTML attachment opens as a copy"
            + " cleaned of every remote reference.")
    Integer openAttachment;

    @Override
    public Integer call() throws Exception {
        if (raw) {
            return raw();
        }
        if (openAttachment != null) {
            return openAttachment();
        }
        CliContext ctx = root.context();
        var out = spec.commandLine().getOut();
        MailboxReader.Read read;
        try (ClientSession session = ctx.session()) {
            try {
                List<Path> saved = List.of();
                try (TerminalProgress progress = TerminalProgress.on(spec.commandLine().getErr())) {
                    if (saveTo == null) {
                        read = session.open(id, AttachmentSink.DISCARD, progress::transfer);
                    } else {
                        ClientSession.OpenedAndSaved opened = session.openSaving(id, saveTo, progress::transfer);
                        read = opened.read();
                        saved = opened.saved();
                    }
                }
                saved.forEach(p -> spec.commandLine().getErr().println("saved " + UntrustedText.line(p.toString())));
            } catch (ProtocolException failed) {
                if (json) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", id);
                    row.put("verified", false);
                    row.put("trust", (failed.code() == ErrorCode.KEY_CHANGE_UNSIGNED ? Trust.KEY_CHANGED : Trust.FAILED)
                            .wire());
                    row.put("problem", failed.code().wire());
                    out.println(UntrustedText.json(row));
                }
                throw failed;
            }
        }
        OpenedMessage m = read.message();
        Trust trust = read.checked().trust();
        if (json) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("from", m.from().display());
            row.put("to", m.to().stream().map(Address::display).toList());
            row.put("cc", m.cc().stream().map(Address::display).toList());
            row.put("subject", m.subject());
            row.put("date", m.date().toString());
            row.put("text", HtmlText.shown(m));
            row.put("html", m.htmlOnly());
            row.put("attachments", m.attachments().stream().map(a -> Map.of("name", a.name(), "size", a.size(),
                    "sha256", a.sha256().hex())).toList());
            row.put("verified", true);
            row.put("trust", trust.wire());
            row.put("keyId", read.checked().keyId().hex());
            out.println(UntrustedText.json(row));
            return 0;
        }
        out.println("From:    " + m.from().display() + (m.fromName() == null ? ""
                : " (" + UntrustedText.line(m.fromName()) + ")") + "  " + InboxCommand.badge(trust)
                + " key " + read.checked().keyId().shortForm());
        out.println("To:      " + String.join(", ", m.to().stream().map(Address::display).toList()));
        if (!m.cc().isEmpty()) {
            out.println("Cc:      " + String.join(", ", m.cc().stream().map(Address::display).toList()));
        }
        out.println("Date:    " + m.date());
        out.println("Subject: " + UntrustedText.line(m.subject()));
        out.println();
        if (m.htmlOnly()) {
            out.println("[HTML shown as text; nothing was loaded]");
            out.println();
        }
        out.println(UntrustedText.body(HtmlText.shown(m)));
        for (int i = 0; i < m.attachments().size(); i++) {
            var a = m.attachments().get(i);
            out.println("[attachment " + (i + 1) + "] " + UntrustedText.line(a.name()) + " (" + a.size()
                    + " bytes; --open " + (i + 1) + " opens it)");
        }
        return 0;
    }

    private int openAttachment() throws Exception {
        CliContext ctx = root.context();
        try (ClientSession session = ctx.session()) {
            AttachmentOpener.Opened opened = session.openAttachment(id, openAttachment, AttachmentOpener.of(ctx.env()),
                    AttachmentOpener::inherit);
            var err = spec.commandLine().getErr();
            if (opened.cleanedHtml()) {
                err.println("HTML opens as a copy cleaned of every remote reference: nothing in it loads anything");
            }
            err.println("opened " + UntrustedText.line(opened.name()) + " (" + opened.contentType() + ") with "
                    + UntrustedText.line(opened.command()) + ": exit " + opened.exit()
                    + "; the decrypted copy is removed");
            return opened.exit() == 0 ? 0 : 1;
        }
    }

    /** The message's bytes, unsanitised (the user asked for them), to a pipe or a file. */
    private int raw() throws Exception {
        if (json || saveTo != null) {
            spec.commandLine().getErr().println("--raw writes the message itself: it does not go with --json or"
                    + " --save-attachments");
            return 2;
        }
        if (root.stdoutIsTerminal() && !force) {
            spec.commandLine().getErr().println("Not writing the raw message to a terminal: it is the sender's bytes,"
                    + " unfiltered, and may hold escape sequences that take over your terminal. Pipe it"
                    + " (mailv2 read " + id + " --raw | less) or redirect it to a file; --force writes it anyway.");
            return 2;
        }
        java.io.OutputStream out = new java.io.BufferedOutputStream(root.stdout());
        try (ClientSession session = root.context().session()) {
            session.raw(id, out);
        }
        out.flush();
        return 0;
    }
}
