package org.mailv2.protocol.seal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.junit.jupiter.api.Test;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.seal.Attachment;
import org.mailv2.protocol.seal.AttachmentSink;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.protocol.seal.InnerMessage;
import org.mailv2.protocol.seal.OpenedMessage;

/**
 * Attachments travel as binary parts inside the ciphertext (a copy costs the file, not a third more), come back byte
 * for byte, and leave mailv2 as base64 again: what other mail tools read is RFC 5322.
 */
class BinaryPartsTest {
    private static final String TEXT = "Photos attached.\r\nBoth of them.\n";

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static InnerMessage message(byte[]... files) {
        List<Attachment> attachments = new java.util.ArrayList<>();
        for (int i = 0; i < files.length; i++) {
            attachments.add(new Attachment("file-" + i + ".bin", "application/octet-stream", ByteSource.of(files[i])));
        }
        return new InnerMessage(Address.parse("alice!"), null, List.of(Address.parse("bob!")), null, null, "Photos",
                Instant.parse("2026-12-01T10:00:00Z"), "m1@alice", null, null, null, TEXT, attachments,
                "<p>Photos attached.</p>");
    }

    private static byte[] written(InnerMessage m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MimeComposer.write(m, out);
        return out.toByteArray();
    }

    @Test
    void aCopyCostsAtMostThreePercentOverItsFilesAndComesBackExactly() throws IOException {
        byte[] photo = random(4 << 20, 1);
        byte[] lineEndings = "\r\n\r\n--\r\n\n\r".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        byte[] sealed = written(message(photo, lineEndings));
        assertThat((double) sealed.length / (photo.length + lineEndings.length)).isLessThan(1.03);

        Map<String, byte[]> got = new HashMap<>();
        OpenedMessage read = MimeReader.read(new ByteArrayInputStream(sealed), (index, name, type) ->
                new ByteArrayOutputStream() {
                    @Override
                    public void close() {
                        got.put(name, toByteArray());
                    }
                }, from -> { });
        assertThat(read.text()).isEqualTo(TEXT);
        assertThat(read.html()).isEqualTo("<p>Photos attached.</p>");
        assertThat(got.get("file-0.bin")).isEqualTo(photo);
        assertThat(got.get("file-1.bin")).isEqualTo(lineEndings);
    }

    @Test
    void leavingMailv2BinaryPartsBecomeBase64AndTheMessageIsRfc5322() throws IOException {
        byte[] photo = random(300_000, 2);
        byte[] sealed = written(message(photo));
        ByteArrayOutputStream outside = new ByteArrayOutputStream();
        SevenBitCopy.copy(new ByteArrayInputStream(sealed), outside);
        byte[] copy = outside.toByteArray();

        for (byte b : copy) {
            assertThat(b).as("7-bit, no NUL").isBetween((byte) 1, (byte) 127);
        }
        for (String line : new String(copy, StandardCharsets.US_ASCII).split("\r\n")) {
            assertThat(line.length()).isLessThanOrEqualTo(998);
        }
        Message parsed = new DefaultMessageBuilder().parseMessage(new ByteArrayInputStream(copy));
        assertThat(parsed.getSubject()).isEqualTo("Photos");
        Multipart parts = (Multipart) parsed.getBody();
        Entity file = parts.getBodyParts().get(1);
        assertThat(file.getContentTransferEncoding()).isEqualTo("base64");
        assertThat(file.getFilename()).isEqualTo("file-0.bin");
        try (InputStream in = ((SingleBody) file.getBody()).getInputStream()) {
            assertThat(in.readAllBytes()).isEqualTo(photo);
        }
        // And mailv2 reads the copy as it read the original.
        assertThat(MimeReader.read(new ByteArrayInputStream(copy), AttachmentSink.DISCARD, from -> { })
                .attachments().get(0).sha256()).isEqualTo(org.mailv2.protocol.digest.Sha256.hash(photo));
    }

    @Test
    void theOldFormWithBase64PartsStillOpensAndPassesThroughUnchanged() throws IOException {
        String old = "MIME-Version: 1.0\r\nFrom: Alice <alice@!>\r\nTo: bob@!\r\nDate: Tue, 1 Dec 2026 10:00:00 +0000\r\n"
                + "Message-ID: <old@alice>\r\nSubject: Old\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + "aGVsbG8K\r\n--b\r\nContent-Type: application/pdf; name=a.pdf\r\n"
                + "Content-Disposition: attachment; filename=a.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + "JVBERi0xLjQK\r\n--b--\r\n";
        OpenedMessage read = MimeReader.read(new ByteArrayInputStream(old.getBytes(StandardCharsets.US_ASCII)),
                AttachmentSink.DISCARD, from -> { });
        assertThat(read.text()).isEqualTo("hello\n");
        assertThat(read.attachments().get(0).size()).isEqualTo(9);
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        SevenBitCopy.copy(new ByteArrayInputStream(old.getBytes(StandardCharsets.US_ASCII)), copy);
        assertThat(copy.toString(StandardCharsets.US_ASCII)).isEqualTo(old);
    }


}
