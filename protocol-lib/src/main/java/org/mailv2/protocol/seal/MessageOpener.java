package org.mailv2.protocol.seal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPublicKey;
import org.mailv2.protocol.seal.internal.AgeCipher;
import org.mailv2.protocol.seal.internal.DigestingInputStream;
import org.mailv2.protocol.seal.internal.DigestingOutputStream;
import org.mailv2.protocol.seal.internal.GatedCopy;
import org.mailv2.protocol.seal.internal.MimeReader;

/**
 * Opens messages addressed to one reader. Order of checks: the envelope's signature and recipient
 * ({@link #verify}); then each ciphertext's size and hash against the signed envelope, before any decryption; then
 * decryption; then that the sender inside equals the signer. No plaintext is released before these pass.
 */
public final class MessageOpener {
    private final Address reader;
    private final java.util.List<EncryptionIdentity> identities;

    public MessageOpener(Address reader, EncryptionIdentity identity) {
        this(reader, java.util.List.of(identity));
    }

    /**
     * A reader whose keys were rotated: the current identity first, then older ones, so mail sealed before a
     * rotation (or in flight during one) still opens.
     */
    public MessageOpener(Address reader, java.util.List<EncryptionIdentity> identities) {
        if (identities.isEmpty()) {
            throw new IllegalArgumentException("a reader has at least one identity");
        }
        this.reader = reader;
        this.identities = java.util.List.copyOf(identities);
    }

    /**
     * @param senderKey the signing key the resolver holds for {@code envelope.fromHash()}
     * @throws ProtocolException {@code not_recipient} when the envelope is for someone else, {@code bad_signature}
     *     when the signature or the key id does not match
     */
    public VerifiedEnvelope verify(Envelope envelope, SigningPublicKey senderKey) {
        if (!envelope.toHash().matches(reader.hash())) {
            throw new ProtocolException(ErrorCode.NOT_RECIPIENT, "message is addressed to someone else");
        }
        envelope.verifySignature(senderKey);
        return new VerifiedEnvelope(envelope, senderKey);
    }

    /**
     * @throws ProtocolException {@code tampered} when the ciphertext is not the signed one, {@code decryption_failed}
     *     when it does not open with the reader's key, {@code sender_mismatch} when the summary names another sender,
     *     {@code malformed} for a bad summary
     */
    public Summary openSummary(VerifiedEnvelope verified, byte[] ciphertext) {
        Envelope e = verified.envelope();
        if (ciphertext.length != e.summarySize() || !Sha256.hash(ciphertext).matches(e.summarySha256())) {
            throw new ProtocolException(ErrorCode.TAMPERED, "summary differs from the signed envelope");
        }
        byte[] json;
        try (InputStream in = AgeCipher.decrypting(identities, new java.io.ByteArrayInputStream(ciphertext))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            json = out.toByteArray();
        } catch (IOException ex) {
            throw new ProtocolException(ErrorCode.DECRYPTION_FAILED, "summary does not decrypt", ex);
        }
        Summary summary = Summary.parse(json);
        requireSigner(summary.sender(), e);
        return summary;
    }

    /**
     * Reads the body twice: first to check its size and hash against the signed envelope, then to decrypt and
     * parse it, hashing again so a source that changed between the passes is caught.
     *
     * @throws ProtocolException {@code tampered}, {@code decryption_failed}, {@code sender_mismatch},
     *     {@code malformed} as for {@link #openSummary}
     * @throws IOException when the source or the sink fails
     */
    public OpenedMessage openBody(VerifiedEnvelope verified, ByteSource ciphertext, AttachmentSink sink)
            throws IOException {
        return openBody(verified, ciphertext, sink, null);
    }

    /**
     * As {@link #openBody(VerifiedEnvelope, ByteSource, AttachmentSink)}, and writes the decrypted inner message,
     * byte for byte as it was sealed (RFC 5322/MIME), to {@code rawOut}: nothing before its From header was checked
     * against the signer, and only after the ciphertext's size and hash matched the signed envelope. Like the
     * attachments, the bytes are written as they are decrypted; the source is hashed again while it is read, and a
     * source that changed since the first pass ends in {@code tampered} after the fact.
     *
     * @param rawOut where the inner message goes; null for none
     * @throws ProtocolException as for {@link #openBody(VerifiedEnvelope, ByteSource, AttachmentSink)}
     * @throws IOException when the source, the sink or {@code rawOut} fails
     */
    public OpenedMessage openBody(VerifiedEnvelope verified, ByteSource ciphertext, AttachmentSink sink,
                                  OutputStream rawOut) throws IOException {
        Envelope e = verified.envelope();
        try (InputStream in = ciphertext.open()) {
            DigestingOutputStream check = new DigestingOutputStream(OutputStream.nullOutputStream());
            in.transferTo(check);
            requireSignedBody(e, check.count(), check.sha256());
        }
        try (InputStream raw = ciphertext.open()) {
            DigestingInputStream hashed = new DigestingInputStream(raw);
            OpenedMessage opened = decryptAndParse(e, hashed, sink,
                    rawOut == null ? OutputStream.nullOutputStream() : rawOut);
            hashed.transferTo(OutputStream.nullOutputStream());
            requireSignedBody(e, hashed.count(), hashed.sha256());
            return opened;
        }
    }

    /**
     * As {@link #openBody(VerifiedEnvelope, ByteSource, AttachmentSink)}, reading the body once instead of twice:
     * attachments reach {@code provisional} as they are decrypted, before the body's size and hash are known to match
     * the signed envelope, so the sink must keep nothing of a message this fails for (write to temporaries it
     * removes, or to memory it drops). The sender is checked before the first attachment, the size as the body is
     * read (no more than the signed size is read), the hash at the end; a body that is not the one signed fails as
     * {@code tampered}, whatever broke first.
     *
     * @throws ProtocolException as for {@link #openBody(VerifiedEnvelope, ByteSource, AttachmentSink)}
     * @throws IOException when the source or the sink fails
     */
    public OpenedMessage openBodyOnce(VerifiedEnvelope verified, ByteSource ciphertext, AttachmentSink provisional)
            throws IOException {
        Envelope e = verified.envelope();
        try (InputStream raw = ciphertext.open()) {
            DigestingInputStream hashed = new DigestingInputStream(new SignedSize(raw, e.bodySize()));
            OpenedMessage opened;
            try {
                opened = decryptAndParse(e, hashed, provisional, OutputStream.nullOutputStream());
            } catch (ProtocolException | IOException failed) {
                requireRestSigned(e, hashed, failed);
                throw failed;
            }
            hashed.transferTo(OutputStream.nullOutputStream());
            requireSignedBody(e, hashed.count(), hashed.sha256());
            return opened;
        }
    }

    /** After {@code failed}: {@code tampered} instead when the body is not the one signed. */
    private static void requireRestSigned(Envelope e, DigestingInputStream hashed, Exception failed) {
        try {
            hashed.transferTo(OutputStream.nullOutputStream());
        } catch (ProtocolException tooLong) {
            tooLong.addSuppressed(failed);
            throw tooLong;
        } catch (IOException unreadable) {
            return;
        }
        if (hashed.count() != e.bodySize() || !hashed.sha256().matches(e.bodySha256())) {
            ProtocolException tampered = new ProtocolException(ErrorCode.TAMPERED, "body differs from the signed envelope");
            tampered.addSuppressed(failed);
            throw tampered;
        }
    }

    private OpenedMessage decryptAndParse(Envelope e, DigestingInputStream hashed, AttachmentSink sink,
                                          OutputStream rawOut) throws IOException {
        // The decrypting stream closes what it reads; keep the source open to hash any bytes age left unread.
        InputStream unclosable = new java.io.FilterInputStream(hashed) {
            @Override
            public void close() {
            }
        };
        try (InputStream decrypted = AgeCipher.decrypting(identities, unclosable)) {
            GatedCopy plaintext = new GatedCopy(decrypted, rawOut);
            OpenedMessage opened = MimeReader.read(plaintext, sink, from -> {
                requireSigner(from, e);
                try {
                    plaintext.release();
                } catch (IOException failed) {
                    throw new java.io.UncheckedIOException(failed);
                }
            });
            plaintext.release();
            plaintext.transferTo(OutputStream.nullOutputStream());
            return opened;
        } catch (java.io.UncheckedIOException failed) {
            throw failed.getCause();
        }
    }

    /** Reads no more than the signed size: a longer body is {@code tampered} as soon as it is longer. */
    private static final class SignedSize extends java.io.FilterInputStream {
        private long left;
        private boolean overrun;

        SignedSize(InputStream in, long signedSize) {
            super(in);
            this.left = signedSize;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (left == 0) {
                if (overrun || in.read() >= 0) {
                    overrun = true;
                    throw new ProtocolException(ErrorCode.TAMPERED, "body is longer than the signed envelope says");
                }
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] skipped = new byte[(int) Math.min(Math.max(n, 0), 8192)];
            return Math.max(read(skipped, 0, skipped.length), 0);
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), left);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    private static void requireSignedBody(Envelope e, long size, Sha256 hash) {
        if (size != e.bodySize() || !hash.matches(e.bodySha256())) {
            throw new ProtocolException(ErrorCode.TAMPERED, "body differs from the signed envelope");
        }
    }

    private static void requireSigner(Address claimed, Envelope e) {
        if (!claimed.hash().matches(e.fromHash())) {
            throw new ProtocolException(ErrorCode.SENDER_MISMATCH, "message claims a sender other than its signer");
        }
    }
}
