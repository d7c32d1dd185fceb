package org.mailv2.client.cli;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mailv2.client.core.session.ClientSession;
import org.mailv2.client.core.send.Delivery;
import org.mailv2.client.core.send.Draft;
import org.mailv2.client.core.send.Pacing;
import org.mailv2.client.core.send.Sender;
import org.mailv2.client.core.text.UntrustedText;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.seal.Attachment;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.client.core.send.Forward;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mailv2 send}: seals, stamps and sends a message; the body comes from a file or standard input. */
@Command(name = "send", mixinStandardHelpOptions = true, description = "Sends a message.")
final class SendCommand implements Callable<Integer> {
    @ParentCommand
    MailCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--to", paramLabel = "ADDRESS", description = "A recipient (repeatable).")
    List<String> to = new ArrayList<>();

    @Option(names = "--cc", paramLabel = "ADDRESS", description = "A copy recipient (repeatable).")
    List<String> cc = new ArrayList<>();

    @Option(names = "--bcc", paramLabel = "ADDRESS", description = "A hidden recipient (repeatable).")
    List<String> bcc = new ArrayList<>();

    @Option(names = "--subject", paramLabel = "TEXT", description = "The subject (required, except with --forward: `Fwd: ` and the"
            + " original's).")
    String subject;

    @Option(names = "--forward", paramLabel = "ID", description = "The id of a message to forward: its text below yours (from"
            + " --body-file only; none without it) and its attachments attached again, from the verified message.")
    String forward;

    @Option(names = "--body-file", paramLabel = "FILE", description = "The text of the message; standard input when absent.")
    Path bodyFile;

    @Option(names = "--html-file", paramLabel = "FILE", description = "An HTML version of the message (UTF-8), for mail written elsewhere:"
            + " sent as the alternative to the text, or alone without --body-file. Readers show it as text, and"
            + " nothing in it is ever fetched.")
    Path htmlFile;

    @Option(names = "--attach", paramLabel = "FILE", description = "A file to attach (repeatable).")
    List<Path> attachments = new ArrayList<>();

    @Option(names = "--reply-to", paramLabel = "ID", description = "The id of the message this answers (threads them).")
    String replyTo;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    InputStream stdin = System.in;

    @Override
    public Integer call() throws Exception {
        if (subject == null && forward == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--subject'");
        }
        if (forward != null && replyTo != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--forward and --reply-to do not go together");
        }
        CliContext ctx = root.context();
        String text = bodyFile != null ? Files.readString(bodyFile, StandardCharsets.UTF_8)
                : forward != null || htmlFile != null ? "" : new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
        String html = htmlFile == null ? null : Files.readString(htmlFile, StandardCharsets.UTF_8);
        List<Attachment> files = new ArrayList<>();
        for (Path p : attachments) {
            String type = Files.probeContentType(p);
            files.add(new Attachment(p.getFileName().toString(),
                    type == null || !type.matches("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+")
                            ? "application/octet-stream" : type, ByteSource.of(p)));
        }
        try (ClientSession session = ctx.session()) {
            String inReplyTo = null;
            List<String> references = List.of();
            var keyring = session.keyring();
            if (replyTo != null) {
                var original = session.summary(replyTo);
                keyring = session.keyring();
                inReplyTo = original.messageId();
                // The message answered may carry the permit that makes this answer free.
                keyring = org.mailv2.client.core.permits.ContactPermits.learn(keyring,
                        keyring.currentAccount().parsedAddress(), original, ctx.clock.instant());
                references = original.threadId().equals(original.messageId()) ? List.of(original.messageId())
                        : List.of(original.threadId(), original.messageId());
            }
            String title = subject;
            if (forward != null) {
                Forward.Original original = session.forwarding(forward);
                keyring = session.keyring();
                title = subject != null ? subject : Forward.subject(original.message().subject());
                text = Forward.text(text, original.message(), java.time.ZoneId.systemDefault());
                List<Attachment> all = new ArrayList<>(original.attachments());
                all.addAll(files);
                files = all;
            }
            Draft draft = new Draft(addresses(to), addresses(cc), addresses(bcc), title, text, files, inReplyTo,
                    references, html);
            var out = spec.commandLine().getOut();
            // Copies that waited go first, so they keep their order and the server's limit.
            Sender.Flushed waited = session.flushOutbox();
            if (!json && !waited.deliveries().isEmpty()) {
                SyncCommand.report(waited, out);
            }
            Sender.Result result;
            try (TerminalProgress progress = TerminalProgress.on(spec.commandLine().getErr())) {
                result = session.sender().reportingUploads(progress::transfer).send(session.connection(), keyring,
                        draft, status -> {
                    if (!json) {
                        progress.close();
                        out.println(status);
                        out.flush();
                    }
                }, progress::stamp);
            }
            session.update(k -> k.withContactsFrom(result.keyring()));
            if (json) {
                out.println(UntrustedText.json(result.deliveries().stream().map(SendCommand::row).toList()));
            } else {
                for (Delivery d : result.deliveries()) {
                    out.println(line(d));
                }
            }
            return result.deliveries().stream().anyMatch(d -> d.outcome() == Delivery.Outcome.REFUSED)
                    ? ExitCodes.REFUSED : 0;
        }
    }

    static String line(Delivery d) {
        String how = d.stampBits() == 0 ? "permit" : d.stampBits() + "-bit stamp";
        return switch (d.outcome()) {
            case DELIVERED -> "sent to " + d.recipient().display() + " (" + how + ")";
            case QUEUED -> "waiting for " + who(d) + " (" + how + "): " + whyWaiting(d.reason())
                    + "; `mailv2 sync` sends it";
            case REFUSED -> "refused for " + who(d) + ": " + d.refusal();
        };
    }

    private static String who(Delivery d) {
        return d.recipient() != null ? d.recipient().display() : "the copy " + d.messageId();
    }

    private static String whyWaiting(String reason) {
        return switch (reason == null ? Pacing.UNREACHABLE : reason) {
            case "rate_limited" -> "your server asks to slow down (rate_limited)";
            case "quota_exceeded" -> "your server's storage for you is full (quota_exceeded)";
            case "insufficient_storage" -> "your server's disk is full (insufficient_storage)";
            case "unauthorized", "token_expired" -> "your server did not take the sign-in (" + reason
                    + "; is this computer's clock right?)";
            case Pacing.UNREACHABLE -> "your server is unreachable";
            default -> "your server failed (" + reason + ")";
        };
    }

    static Map<String, Object> row(Delivery d) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("recipient", d.recipient() == null ? null : d.recipient().display());
        row.put("messageId", d.messageId());
        row.put("stampBits", d.stampBits());
        row.put("outcome", d.outcome().name().toLowerCase(java.util.Locale.ROOT));
        if (d.reason() != null) {
            row.put("reason", d.reason());
        }
        if (d.refusal() != null) {
            row.put("refusal", d.refusal()); // the name of earlier versions, for scripts that read it
        }
        return row;
    }

    private static List<Address> addresses(List<String> texts) {
        return texts.stream().map(Address::parse).toList();
    }
}
