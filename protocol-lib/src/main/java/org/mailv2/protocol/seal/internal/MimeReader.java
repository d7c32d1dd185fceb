package org.mailv2.protocol.seal.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.address.MailboxList;
import org.apache.james.mime4j.dom.field.AddressListField;
import org.apache.james.mime4j.dom.field.DateTimeField;
import org.apache.james.mime4j.dom.field.MailboxListField;
import org.apache.james.mime4j.dom.field.ParsedField;
import org.apache.james.mime4j.field.DefaultFieldParser;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.message.MaximalBodyDescriptor;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.seal.AttachmentSink;
import org.mailv2.protocol.seal.OpenedMessage;
import org.mailv2.protocol.seal.ReceivedAttachment;

/**
 * Parses an inner message as a stream. The top-level header is handed to {@code headerCheck} before any body byte
 * reaches the text buffer or the attachment sink, so a message whose From is not its signer releases nothing.
 */
public final class MimeReader extends AbstractContentHandler {
    /** The first text/plain part is held in memory; larger texts belong in attachments. */
    public static final int MAX_TEXT_BYTES = 16 * 1024 * 1024;
    private static final Pattern MSG_ID = Pattern.compile("<([^<>\\s]{1,250})>");

    private final AttachmentSink sink;
    private final Consumer<Address> headerCheck;
    private final List<Field> topFields = new ArrayList<>();
    private final List<ReceivedAttachment> attachments = new ArrayList<>();
    private int depth;
    private boolean inTopHeader;
    private boolean headerChecked;
    private Address from;
    private String text;
    private String html;

    private MimeReader(AttachmentSink sink, Consumer<Address> headerCheck) {
        this.sink = sink;
        this.headerCheck = headerCheck;
    }

    /**
     * @throws ProtocolException {@code malformed} for a message that does not parse or lacks From/Date/Message-ID,
     *     or whatever {@code headerCheck} throws
     */
    public static OpenedMessage read(InputStream mime, AttachmentSink sink, Consumer<Address> headerCheck)
            throws IOException {
        MimeReader reader = new MimeReader(sink, headerCheck);
        MimeConfig config = new MimeConfig.Builder()
                .setMaxLineLen(64 * 1024)
                .setMaxHeaderCount(1000)
                .setMaxHeaderLen(64 * 1024)
                .setStrictParsing(true)
                .build();
        MimeStreamParser parser = new MimeStreamParser(config, DecodeMonitor.STRICT, new DefaultBodyDescriptorBuilder());
        parser.setContentDecoding(true);
        parser.setContentHandler(reader);
        try {
            parser.parse(mime);
        } catch (MimeException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, "inner message is not valid MIME", e);
        }
        return reader.result();
    }

    @Override
    public void startHeader() {
        inTopHeader = depth == 0 && !headerChecked;
    }

    @Override
    public void field(Field field) {
        if (inTopHeader) {
            topFields.add(field);
        }
    }

    @Override
    public void endHeader() {
        if (inTopHeader) {
            inTopHeader = false;
            headerChecked = true;
            from = sender();
            headerCheck.accept(from);
        }
    }

    @Override
    public void startBodyPart() {
        depth++;
    }

    @Override
    public void endBodyPart() {
        depth--;
    }

    @Override
    public void body(BodyDescriptor bd, InputStream is) throws IOException {
        if (!headerChecked) {
            throw new ProtocolException(ErrorCode.MALFORMED, "body before header");
        }
        MaximalBodyDescriptor d = (MaximalBodyDescriptor) bd;
        String filename = d.getContentDispositionFilename();
        if (filename == null) {
            filename = d.getContentTypeParameters().get("name");
        }
        boolean attachment = "attachment".equalsIgnoreCase(d.getContentDispositionType()) || filename != null;
        if (!attachment && text == null && "text/plain".equals(d.getMimeType())) {
            text = readText(is);
            return;
        }
        if (!attachment && html == null && "text/html".equals(d.getMimeType())) {
            html = readHtml(is, d.getContentTypeParameters().get("charset"));
            return;
        }
        String name = filename == null ? "part-" + (attachments.size() + 1) : filename;
        try (OutputStream out = sink.open(attachments.size(), name, d.getMimeType());
             DigestingOutputStream digesting = new DigestingOutputStream(out)) {
            is.transferTo(digesting);
            digesting.flush();
            attachments.add(new ReceivedAttachment(name, d.getMimeType(), digesting.count(), digesting.sha256()));
        }
    }

    /**
     * An HTML part in its declared charset (UTF-8 when none or unknown); bytes that do not decode become U+FFFD, as a
     * browser shows them: HTML often comes from other mail programs, and a bad byte should not hide the message.
     */
    private static String readHtml(InputStream is, String charset) throws IOException {
        java.nio.charset.Charset cs = StandardCharsets.UTF_8;
        try {
            if (charset != null && java.nio.charset.Charset.isSupported(charset)) {
                cs = java.nio.charset.Charset.forName(charset);
            }
        } catch (java.nio.charset.IllegalCharsetNameException unknown) {
            // UTF-8
        }
        return new String(bounded(is), cs);
    }

    private static byte[] bounded(InputStream is) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = is.read(chunk)) > 0) {
            if (buffer.size() + n > MAX_TEXT_BYTES) {
                throw new ProtocolException(ErrorCode.TOO_LARGE, "message text over 16 MiB");
            }
            buffer.write(chunk, 0, n);
        }
        return buffer.toByteArray();
    }

    private static String readText(InputStream is) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = is.read(chunk)) > 0) {
            if (buffer.size() + n > MAX_TEXT_BYTES) {
                throw new ProtocolException(ErrorCode.TOO_LARGE, "message text over 16 MiB");
            }
            buffer.write(chunk, 0, n);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(buffer.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, "message text is not UTF-8", e);
        }
    }

    private OpenedMessage result() {
        if (!headerChecked) {
            throw new ProtocolException(ErrorCode.MALFORMED, "inner message has no header");
        }
        Mailbox fromBox = single(parsed("From", MailboxListField.class).getMailboxList());
        DateTimeField date = parsed("Date", DateTimeField.class);
        if (date.getDate() == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "inner message has no valid Date");
        }
        String subjectRaw = rawValue("Subject");
        String subject = subjectRaw == null ? "" : DecoderUtil.decodeEncodedWords(unfold(subjectRaw),
                DecodeMonitor.SILENT);
        List<String> references = messageIds(rawValue("References"));
        List<String> inReplyTo = messageIds(rawValue("In-Reply-To"));
        List<String> listIds = messageIds(rawValue("List-Id"));
        List<String> messageId = messageIds(rawValue("Message-ID"));
        if (messageId.size() != 1) {
            throw new ProtocolException(ErrorCode.MALFORMED, "inner message needs one Message-ID");
        }
        return new OpenedMessage(from, fromBox.getName(), addresses("To"), addresses("Cc"), addresses("Bcc"),
                subject, Instant.ofEpochMilli(date.getDate().getTime()), messageId.get(0),
                inReplyTo.isEmpty() ? null : inReplyTo.get(0), references,
                listIds.isEmpty() ? null : listIds.get(0), text == null ? "" : text, List.copyOf(attachments), html);
    }

    private Address sender() {
        MailboxListField field = parsed("From", MailboxListField.class);
        return MimeAddresses.fromMailbox(single(field.getMailboxList()));
    }

    private static Mailbox single(MailboxList list) {
        if (list == null || list.size() != 1) {
            throw new ProtocolException(ErrorCode.MALFORMED, "inner message needs exactly one From mailbox");
        }
        return list.get(0);
    }

    private List<Address> addresses(String name) {
        if (rawValue(name) == null) {
            return List.of();
        }
        AddressListField field = parsed(name, AddressListField.class);
        if (field.getAddressList() == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "unreadable " + name + " header");
        }
        return field.getAddressList().flatten().stream().map(MimeAddresses::fromMailbox).toList();
    }

    private <T extends ParsedField> T parsed(String name, Class<T> type) {
        Field raw = only(name);
        if (raw == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "inner message has no " + name + " header");
        }
        ParsedField f = DefaultFieldParser.getParser().parse(raw, DecodeMonitor.SILENT);
        boolean valid;
        try {
            // mime4j parses lazily and lets some bad values escape unchecked (a Date with a 58-digit year threw
            // NumberFormatException: a fuzzing finding, kept in the fuzz test's inputs).
            valid = type.isInstance(f) && f.isValidField();
        } catch (RuntimeException unparsable) {
            valid = false;
        }
        if (!valid) {
            throw new ProtocolException(ErrorCode.MALFORMED, "invalid " + name + " header");
        }
        return type.cast(f);
    }

    private String rawValue(String name) {
        Field f = only(name);
        return f == null ? null : f.getBody();
    }

    private Field only(String name) {
        Field found = null;
        for (Field f : topFields) {
            if (f.getName().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                if (found != null) {
                    throw new ProtocolException(ErrorCode.MALFORMED, "header " + name + " appears twice");
                }
                found = f;
            }
        }
        return found;
    }

    private static List<String> messageIds(String value) {
        if (value == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        Matcher m = MSG_ID.matcher(value);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static String unfold(String value) {
        return value.replaceAll("\r?\n(?=[ \t])", "");
    }
}
