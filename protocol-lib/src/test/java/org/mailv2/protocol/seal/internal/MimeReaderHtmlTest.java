package org.mailv2.protocol.seal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.mailv2.protocol.seal.AttachmentSink;
import org.mailv2.protocol.seal.OpenedMessage;
import org.mailv2.protocol.seal.ReceivedAttachment;

/** HTML parts as other mail programs write them: carried as the message's HTML, not as an attachment. */
class MimeReaderHtmlTest {
    private static final String HEADER = "From: Alice <alice@!>\r\nTo: bob@!\r\n"
            + "Date: Tue, 1 Dec 2026 10:00:00 +0000\r\nMessage-ID: <m1@alice>\r\nSubject: News\r\nMIME-Version: 1.0\r\n";

    private static OpenedMessage read(String mime) throws IOException {
        return MimeReader.read(new ByteArrayInputStream(mime.getBytes(StandardCharsets.ISO_8859_1)),
                AttachmentSink.DISCARD, from -> { });
    }

    @Test
    void anAlternativeWithoutPlainTextIsHtmlOnly() throws IOException {
        OpenedMessage m = read(HEADER + "Content-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: text/html; charset=utf-8\r\n\r\n<p>Hello <b>Bob</b></p>\r\n--b--\r\n");
        assertThat(m.html()).contains("<p>Hello <b>Bob</b></p>");
        assertThat(m.text()).isEmpty();
        assertThat(m.htmlOnly()).isTrue();
        assertThat(m.attachments()).isEmpty();
    }

    @Test
    void plainTextAndHtmlAreBothKeptAndThePlainTextIsWhatIsShown() throws IOException {
        OpenedMessage m = read(HEADER + "Content-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\nHello Bob\r\n--b\r\n"
                + "Content-Type: text/html; charset=iso-8859-1\r\n\r\n<p>Caf\u00e9</p>\r\n--b--\r\n");
        assertThat(m.text()).isEqualTo("Hello Bob");
        assertThat(m.html()).isEqualTo("<p>Caf\u00e9</p>");
        assertThat(m.htmlOnly()).isFalse();
        assertThat(m.attachments()).isEmpty();
    }

    @Test
    void anHtmlFileSentAsAnAttachmentStaysAnAttachment() throws IOException {
        OpenedMessage m = read(HEADER + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\nSee the page.\r\n--b\r\n"
                + "Content-Type: text/html\r\nContent-Disposition: attachment; filename=page.html\r\n\r\n"
                + "<p>page</p>\r\n--b--\r\n");
        assertThat(m.html()).isNull();
        assertThat(m.attachments()).extracting(ReceivedAttachment::name).containsExactly("page.html");
    }

    @Test
    void theOldShapeHasNoHtml() {
        OpenedMessage m = new OpenedMessage(null, null, java.util.List.of(), java.util.List.of(), java.util.List.of(),
                "", java.time.Instant.EPOCH, "x@y", null, java.util.List.of(), null, "text", java.util.List.of());
        assertThat(m.html()).isNull();
        assertThat(m.htmlOnly()).isFalse();
    }
}
