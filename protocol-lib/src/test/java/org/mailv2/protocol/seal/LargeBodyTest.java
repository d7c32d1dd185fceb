package org.mailv2.protocol.seal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.digest.Sha256;

/**
 * A 1 GiB attachment seals and opens in constant memory. The "large" executions run this with -Xmx64m (see the
 * module's pom), so any path that buffers the body fails with OutOfMemoryError.
 */
@Tag("large")
class LargeBodyTest {
    private static final long ONE_GIB = 1L << 30;
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    @Test
    void oneGibibyteAttachmentSealsAndOpensInSmallHeap() throws IOException {
        assertThat(Runtime.getRuntime().maxMemory()).as("run with a small heap").isLessThan(128L << 20);
        Party alice = Party.named("alice!", RANDOM);
        Party bob = Party.named("bob!", RANDOM);
        GeneratedBytes content = new GeneratedBytes(ONE_GIB, 42);
        InnerMessage message = new InnerMessage(alice.address(), null, List.of(bob.address()), List.of(), List.of(),
                "one gibibyte", Instant.parse("2026-11-28T09:00:00Z"), "big@alice", null, List.of(), null, "see file",
                List.of(new Attachment("big.bin", "application/octet-stream", content)));

        Path body = dir.resolve("body.age");
        SealedMessage sealed;
        try (OutputStream out = Files.newOutputStream(body)) {
            sealed = alice.sealer(RANDOM).seal(message, bob.address(), bob.encryption().recipient(), out);
        }
        // Binary parts: the ciphertext is the file and a little framing, not a third more.
        assertThat(Files.size(body)).isBetween(ONE_GIB, ONE_GIB * 103 / 100);
        Envelope envelope = sealed.envelope().sign(alice.signing(), null, null);

        MessageOpener opener = bob.opener();
        VerifiedEnvelope verified = opener.verify(envelope, alice.signing().publicKey());
        DigestSink sink = new DigestSink();
        OpenedMessage opened = opener.openBody(verified, ByteSource.of(body), sink);

        assertThat(opened.attachments()).hasSize(1);
        assertThat(opened.attachments().get(0).size()).isEqualTo(ONE_GIB);
        assertThat(opened.attachments().get(0).sha256()).isEqualTo(sha256(content));
        assertThat(sink.bytes).isEqualTo(ONE_GIB);
    }

    private static Sha256 sha256(ByteSource source) throws IOException {
        MessageDigest md = Sha256.newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = source.open()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                md.update(buffer, 0, n);
            }
        }
        return Sha256.ofBytes(md.digest());
    }

    private static final class DigestSink implements AttachmentSink {
        long bytes;

        @Override
        public OutputStream open(int index, String name, String contentType) {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    bytes++;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    bytes += len;
                }
            };
        }
    }
}
