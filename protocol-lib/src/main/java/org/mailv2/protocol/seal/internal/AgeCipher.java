package org.mailv2.protocol.seal.internal;

import com.exceptionfactory.jagged.DecryptingChannelFactory;
import com.exceptionfactory.jagged.EncryptingChannelFactory;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.security.GeneralSecurityException;
import java.util.List;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.EncryptionRecipient;

/** age v1 with X25519 recipients through jagged, as streams. */
public final class AgeCipher {
    private static final EncryptingChannelFactory ENCRYPTING = new StandardEncryptingChannelFactory();
    private static final DecryptingChannelFactory DECRYPTING = new StandardDecryptingChannelFactory();

    private AgeCipher() {
    }

    /**
     * An output stream that encrypts to {@code recipient} and writes the age file to {@code ciphertext}. Closing it
     * writes the final chunk; {@code ciphertext} itself is left open.
     */
    public static OutputStream encrypting(EncryptionRecipient recipient, OutputStream ciphertext) throws IOException {
        try {
            RecipientStanzaWriter writer = X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(recipient.text());
            return Channels.newOutputStream(ENCRYPTING.newEncryptingChannel(
                    Channels.newChannel(new KeepOpen(ciphertext)), List.of(writer)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("age encryption is unavailable", e);
        }
    }

    /**
     * An input stream of the plaintext. Each 64 KiB chunk is authenticated before it is returned; the end of the
     * file is authenticated too, so truncation fails. Failures of the age format become {@code decryption_failed};
     * failures of the ciphertext source stay {@link IOException}s, so a broken disk is not reported as tampering.
     *
     * @throws ProtocolException {@code decryption_failed} when the file does not open with this identity
     * @throws IOException when reading the ciphertext source fails
     */
    public static InputStream decrypting(EncryptionIdentity identity, InputStream ciphertext) throws IOException {
        return decrypting(List.of(identity), ciphertext);
    }

    /** As {@link #decrypting(EncryptionIdentity, InputStream)}, with any of {@code identities} (tried in order). */
    public static InputStream decrypting(List<EncryptionIdentity> identities, InputStream ciphertext)
            throws IOException {
        try {
            List<RecipientStanzaReader> readers = new java.util.ArrayList<>(identities.size());
            for (EncryptionIdentity identity : identities) {
                readers.add(X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(identity.secretText()));
            }
            ReadableByteChannel channel = DECRYPTING.newDecryptingChannel(
                    Channels.newChannel(new SourceMarking(ciphertext)), readers);
            return new FailureMapping(Channels.newInputStream(channel));
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw mapped(e);
        }
    }

    /** Source failures pass through as IOException; everything jagged raises is a decryption failure. */
    private static IOException mapped(Exception e) throws ProtocolException {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SourceFailure source) {
                return source.original();
            }
        }
        if (e instanceof ProtocolException p) {
            throw p;
        }
        throw new ProtocolException(ErrorCode.DECRYPTION_FAILED, "age file does not decrypt with this key", e);
    }

    private static final class FailureMapping extends java.io.FilterInputStream {
        FailureMapping(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException | RuntimeException e) {
                throw mapped(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                throw mapped(e);
            }
        }
    }

    /** Marks exceptions of the ciphertext source, so they can be told from age format failures. */
    private static final class SourceFailure extends IOException {
        private final IOException original;

        SourceFailure(IOException original) {
            super(original.getMessage(), original);
            this.original = original;
        }

        IOException original() {
            return original;
        }
    }

    private static final class SourceMarking extends java.io.FilterInputStream {
        SourceMarking(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }
    }

    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
