package org.mailv2.server.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.server.store.BlobStore;

/**
 * Reads one sealed copy from a request stream: the summary ciphertext into memory (it is small), the body ciphertext
 * into a staged blob, each checked against the size and hash the signed envelope names. Nothing that fails the check
 * is kept.
 */
final class SealedUpload {
    private SealedUpload() {
    }

    /** The checked parts; the caller commits or closes {@code body}. */
    record Parts(byte[] summary, BlobStore.Staged body) {
    }

    /**
     * @throws ProtocolException {@code tampered} when a part differs from the envelope (too short, too long, other
     *     hash)
     * @throws IOException when reading the request or writing the blob fails
     */
    static Parts read(Envelope envelope, InputStream in, BlobStore blobs) throws IOException {
        byte[] summary = in.readNBytes((int) envelope.summarySize());
        if (summary.length != envelope.summarySize() || !Sha256.hash(summary).matches(envelope.summarySha256())) {
            throw tampered("summary");
        }
        BlobStore.Staged staged = blobs.stage();
        try {
            MessageDigest digest = Sha256.newDigest();
            long remaining = envelope.bodySize();
            byte[] buffer = new byte[64 * 1024];
            OutputStream out = staged.output();
            while (remaining > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    throw tampered("body (too short)");
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
                remaining -= n;
            }
            if (in.read() != -1) {
                throw tampered("body (too long)");
            }
            if (!Sha256.ofBytes(digest.digest()).matches(envelope.bodySha256())) {
                throw tampered("body");
            }
            return new Parts(summary, staged);
        } catch (IOException | RuntimeException e) {
            staged.close();
            throw e;
        }
    }

    private static ProtocolException tampered(String part) {
        return new ProtocolException(ErrorCode.TAMPERED, "the " + part + " differs from the signed envelope");
    }
}
