package org.mailv2.protocol.seal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.seal.Attachment;
import org.mailv2.protocol.seal.AttachmentSink;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.protocol.seal.InnerMessage;
import org.mailv2.protocol.seal.OpenedMessage;
import org.mailv2.protocol.seal.ReceivedAttachment;

/** A message with an HTML part, as the composer writes it and the reader reads it back. */
class MimeComposerHtmlTest {
    private static final String HTML = "<h1>Garden news</h1><p>Seeds <a href=\"https://example.org/\">here</a>.</p>";

    private static InnerMessage message(String text, String html, List<Attachment> attachments) {
        return new InnerMessage(Address.parse("alice!"), null, List.of(Address.parse("bob!")), null, null, "News",
                Instant.parse("2026-12-01T10:00:00Z"), "m1@alice", null, null, null, text, attachments, html);
    }

    private static String written(InnerMessage m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MimeComposer.write(m, out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static OpenedMessage roundTrip(InnerMessage m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MimeComposer.write(m, out);
        return MimeReader.read(new ByteArrayInputStream(out.toByteArray()), AttachmentSink.DISCARD, from -> { });
    }

    @Test
    void htmlWithoutTextIsSentAloneAndReadAsHtmlOnly() throws IOException {
        InnerMessage m = message("", HTML, List.of());
        assertThat(written(m)).contains("Content-Type: text/html").doesNotContain("text/plain", "multipart");
        OpenedMessage read = roundTrip(m);
        assertThat(read.htmlOnly()).isTrue();
        assertThat(read.html()).isEqualTo(HTML);
        assertThat(read.attachments()).isEmpty();
    }

    @Test
    void textAndHtmlGoAsAlternativesWithTheAttachmentsBeside() throws IOException {
        InnerMessage m = message("Garden news\n", HTML, List.of(new Attachment("plan.txt", "text/plain",
                ByteSource.of("beds\n".getBytes(StandardCharsets.UTF_8)))));
        assertThat(written(m)).contains("multipart/mixed", "multipart/alternative");
        OpenedMessage read = roundTrip(m);
        assertThat(read.text()).isEqualTo("Garden news\n");
        assertThat(read.html()).isEqualTo(HTML);
        assertThat(read.htmlOnly()).isFalse();
        assertThat(read.attachments()).extracting(ReceivedAttachment::name).containsExactly("plan.txt");
    }

    @Test
    void textAndHtmlWithoutAttachmentsAreOneAlternative() throws IOException {
        InnerMessage m = message("Garden news\n", HTML, List.of());
        assertThat(written(m)).contains("multipart/alternative").doesNotContain("multipart/mixed");
        OpenedMessage read = roundTrip(m);
        assertThat(read.text()).isEqualTo("Garden news\n");
        assertThat(read.html()).isEqualTo(HTML);
    }

    @Test
    void aPlainMessageIsWrittenAsBefore() throws IOException {
        String plain = written(message("hello\n", null, List.of()));
        assertThat(plain).contains("Content-Type: text/plain").doesNotContain("multipart", "text/html");
        assertThat(roundTrip(message("hello\n", null, List.of())).html()).isNull();
    }
}
