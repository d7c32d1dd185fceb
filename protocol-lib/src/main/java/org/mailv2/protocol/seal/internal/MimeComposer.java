package org.mailv2.protocol.seal.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.apache.james.mime4j.dom.BinaryBody;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.message.BodyPartBuilder;
import org.apache.james.mime4j.message.DefaultMessageWriter;
import org.apache.james.mime4j.message.MultipartBuilder;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.RawField;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.seal.Attachment;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.protocol.seal.InnerMessage;

/**
 * Writes an {@link InnerMessage} as RFC 5322/MIME, streaming attachments from their sources. Text is base64 and
 * attachments are binary (RFC 2045 {@code binary}: the bytes as they are, which the ciphertext carries safely), so every
 * byte comes back exactly as written (line endings included). A boundary is random (mime4j's), so the chance that a
 * file holds a line equal to it is nil in practice.
 */
public final class MimeComposer {
    private MimeComposer() {
    }

    public static void write(InnerMessage m, OutputStream out) throws IOException {
        Message.Builder message = Message.Builder.of()
                .setFrom(MimeAddresses.toMailbox(m.from(), m.fromDisplayName().orElse(null)))
                .setDate(Date.from(m.date()), TimeZone.getTimeZone("UTC"))
                .setMessageId("<" + m.messageId() + ">");
        if (!m.to().isEmpty()) {
            message.setTo(mailboxes(m.to()));
        }
        if (!m.cc().isEmpty()) {
            message.setCc(mailboxes(m.cc()));
        }
        if (!m.bcc().isEmpty()) {
            message.setBcc(mailboxes(m.bcc()));
        }
        if (!m.subject().isEmpty()) {
            message.setSubject(m.subject());
        }
        if (m.inReplyTo() != null) {
            message.addField(new RawField("In-Reply-To", "<" + m.inReplyTo() + ">"));
        }
        if (!m.references().isEmpty()) {
            message.addField(new RawField("References", String.join(" ",
                    m.references().stream().map(r -> "<" + r + ">").toList())));
        }
        if (m.listId() != null) {
            message.addField(new RawField("List-Id", "<" + m.listId() + ">"));
        }
        if (m.attachments().isEmpty() && (m.html() == null || m.text().isBlank())) {
            boolean html = m.html() != null;
            message.setBody(body(ByteSource.of((html ? m.html() : m.text()).getBytes(StandardCharsets.UTF_8))))
                    .setContentType(html ? "text/html" : "text/plain", new NameValuePair("charset", "utf-8"))
                    .setContentTransferEncoding("base64");
        } else if (m.attachments().isEmpty()) {
            message.setBody(alternatives(m));
        } else {
            MultipartBuilder parts = MultipartBuilder.create("mixed");
            parts.addBodyPart(content(m));
            for (Attachment a : m.attachments()) {
                // Binary inside the ciphertext: a copy costs the file's size, not a third more (body version 2).
                // Readers outside mailv2 get base64 again (SevenBitCopy).
                parts.addBodyPart(BodyPartBuilder.create()
                        .setBody(body(a.content()))
                        .setContentType(a.contentType(), new NameValuePair("name", a.name()))
                        .setContentDisposition("attachment", a.name())
                        .setContentTransferEncoding("binary"));
            }
            message.setBody(parts.build());
        }
        new DefaultMessageWriter().writeMessage(message.build(), out);
    }

    /**
     * The readable part: the text; or, with HTML, the HTML alone when there is no text, else both as alternatives
     * (text first, so that a reader that prefers plain text finds it).
     */
    private static BodyPartBuilder content(InnerMessage m) {
        if (m.html() == null) {
            return part("text/plain", m.text());
        }
        if (m.text().isBlank()) {
            return part("text/html", m.html());
        }
        return BodyPartBuilder.create().setBody(alternatives(m));
    }

    private static org.apache.james.mime4j.dom.Multipart alternatives(InnerMessage m) {
        return MultipartBuilder.create("alternative").addBodyPart(part("text/plain", m.text()))
                .addBodyPart(part("text/html", m.html())).build();
    }

    private static BodyPartBuilder part(String type, String content) {
        return BodyPartBuilder.create().setBody(body(ByteSource.of(content.getBytes(StandardCharsets.UTF_8))))
                .setContentType(type, new NameValuePair("charset", "utf-8")).setContentTransferEncoding("base64");
    }

    private static List<Mailbox> mailboxes(List<Address> addresses) {
        return addresses.stream().map(a -> MimeAddresses.toMailbox(a, null)).toList();
    }

    private static BinaryBody body(ByteSource source) {
        return new BinaryBody() {
            @Override
            public InputStream getInputStream() throws IOException {
                return source.open();
            }

            @Override
            public long size() throws IOException {
                return source.size();
            }

            /** In age's 64 KiB chunks: mime4j's own copy goes 4 KiB at a time, each through the cipher's channel. */
            @Override
            public void writeTo(OutputStream out) throws IOException {
                byte[] chunk = new byte[64 * 1024];
                try (InputStream in = source.open()) {
                    for (int n; (n = in.readNBytes(chunk, 0, chunk.length)) > 0; ) {
                        out.write(chunk, 0, n);
                    }
                }
            }
        };
    }
}
