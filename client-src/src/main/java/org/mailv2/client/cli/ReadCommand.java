package org.mailv2.client.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.read.MailboxReader;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.seal.AttachmentSink;
import org.mailv2.protocol.seal.OpenedMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mailv2 read ID}: verifies, decrypts and shows one message; attachments can be saved. */
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

    @Option(names = "--json", description = "Print as JSON (fields: from, to, cc, subject, date, text, attachments).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CliContext ctx = root.context();
        var keyring = ctx.keyring();
        if (saveTo != null) {
            Files.createDirectories(saveTo);
        }
        AttachmentSink sink = saveTo == null ? AttachmentSink.DISCARD : (index, name, type) -> {
            Path target = saveTo.resolve(name).normalize();
            if (!target.getParent().equals(saveTo.normalize()) || Files.exists(target)) {
                target = saveTo.resolve("attachment-" + (index + 1));
            }
            return Files.newOutputStream(target);
        };
        OpenedMessage m = new MailboxReader(ctx.paths.cacheDir())
                .read(Connection.open(keyring.currentAccount(), ctx.clock), UUID.fromString(id), sink);
        var out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("from", m.from().display());
            row.put("to", m.to().stream().map(Address::display).toList());
            row.put("cc", m.cc().stream().map(Address::display).toList());
            row.put("subject", m.subject());
            row.put("date", m.date().toString());
            row.put("text", m.text());
            row.put("attachments", m.attachments().stream().map(a -> Map.of("name", a.name(), "size", a.size(),
                    "sha256", a.sha256().hex())).toList());
            row.put("verified", true);
            out.println(new String(Json.write(row), StandardCharsets.UTF_8));
            return 0;
        }
        out.println("From:    " + m.from().display() + (m.fromName() == null ? "" : " (" + m.fromName() + ")")
                + "  [verified]");
        out.println("To:      " + String.join(", ", m.to().stream().map(Address::display).toList()));
        if (!m.cc().isEmpty()) {
            out.println("Cc:      " + String.join(", ", m.cc().stream().map(Address::display).toList()));
        }
        out.println("Date:    " + m.date());
        out.println("Subject: " + m.subject());
        out.println();
        out.println(m.text());
        m.attachments().forEach(a -> out.println("[attachment] " + a.name() + " (" + a.size() + " bytes)"));
        return 0;
    }

}
