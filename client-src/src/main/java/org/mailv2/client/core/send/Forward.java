package org.mailv2.client.core.send;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mailv2.client.core.text.HtmlText;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.seal.Attachment;
import org.mailv2.protocol.seal.AttachmentSink;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.protocol.seal.OpenedMessage;

/**
 * Forwarding a verified message: its subject as {@code Fwd: …}, its text below a note, and its attachments, held in
 * memory (never decrypted to disk) while the new message is sealed — at most {@link #MAX_HELD} bytes in all.
 */
public final class Forward {
    public static final long MAX_HELD = 64L * 1024 * 1024;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE, d MMM yyyy 'at' HH:mm",
            Locale.ROOT);

    /** The message to forward and its attachments, ready to attach again. */
    public record Original(OpenedMessage message, List<Attachment> attachments) {
    }

    private final List<String> names = new ArrayList<>();
    private final List<String> types = new ArrayList<>();
    private final List<ByteArrayOutputStream> contents = new ArrayList<>();
    private long held;

    /** Where the original's attachments go while it is opened. */
    public AttachmentSink sink() {
        return (index, name, contentType) -> {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            names.add(name);
            types.add(contentType);
            contents.add(content);
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    held += len;
                    if (held > MAX_HELD) {
                        throw new ProtocolException(ErrorCode.TOO_LARGE, "attachments over 64 MiB cannot be"
                                + " forwarded; save them and attach them with --attach");
                    }
                    content.write(b, off, len);
                }
            };
        };
    }

    /** The opened original with what the sink held. */
    public Original of(OpenedMessage message) {
        List<Attachment> attachments = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String type = types.get(i) == null || !types.get(i).matches("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+")
                    ? "application/octet-stream" : types.get(i);
            attachments.add(new Attachment(safeName(names.get(i)), type, ByteSource.of(contents.get(i).toByteArray())));
        }
        return new Original(message, List.copyOf(attachments));
    }

    /** A name the sealer takes: no path, no control characters, not empty, at most 255 characters. */
    static String safeName(String name) {
        String base = name == null ? "" : name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        base = base.replaceAll("\\p{Cntrl}", "_").strip();
        if (base.isEmpty() || base.equals(".") || base.equals("..")) {
            base = "attachment";
        }
        return base.length() > 255 ? base.substring(0, 255) : base;
    }

    /** {@code Fwd: } and the original subject, unless it is there already. */
    public static String subject(String original) {
        return original.regionMatches(true, 0, "Fwd:", 0, 4) ? original : "Fwd: " + original;
    }

    /** The note, then the original's headers and text (its HTML rendered as text when it has only HTML). */
    public static String text(String note, OpenedMessage m, ZoneId zone) {
        return (note == null || note.isBlank() ? "" : note.stripTrailing() + "\n")
                + "\n---------- Forwarded message ----------\nFrom: " + m.from().display() + "\nDate: "
                + m.date().atZone(zone).format(WHEN) + "\nSubject: " + m.subject() + "\n\n" + HtmlText.shown(m);
    }
}
