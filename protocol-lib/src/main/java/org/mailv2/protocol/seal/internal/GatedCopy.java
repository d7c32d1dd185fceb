package org.mailv2.protocol.seal.internal;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/**
 * Copies every byte read through it to {@code target}, but holds them back until {@link #release} (the header was
 * checked): a message whose sender is not its signer releases nothing.
 */
public final class GatedCopy extends FilterInputStream {
    /** Bytes held before the release; the parser limits the header well below this. */
    private static final int MAX_HELD = 64 * 1024 * 1024;

    private final OutputStream target;
    private ByteArrayOutputStream held = new ByteArrayOutputStream();

    public GatedCopy(InputStream in, OutputStream target) {
        super(in);
        this.target = target;
    }

    /** Writes what was held and passes everything after it straight through. */
    public void release() throws IOException {
        if (held != null) {
            held.writeTo(target);
            held = null;
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            copy(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            copy(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        int read = read(buffer, 0, buffer.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void copy(byte[] b, int off, int len) throws IOException {
        if (held == null) {
            target.write(b, off, len);
            return;
        }
        if (held.size() + len > MAX_HELD) {
            throw new ProtocolException(ErrorCode.MALFORMED, "inner message header too large");
        }
        held.write(b, off, len);
    }
}
