package org.mailv2.protocol.seal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import org.mailv2.protocol.seal.internal.SevenBitCopy;

/**
 * Where a decrypted inner message goes on its way out of mailv2 ({@code read --raw}, export): what is written is
 * rewritten as it streams through, parts sealed as {@code binary} becoming base64 again, so that the target receives
 * RFC 5322 that any mail tool reads. The rewriting runs on its own thread, reading from a pipe; {@link #close} waits for
 * it and reports its failure, {@link #abandon} drops what is left when the message failed a check.
 */
public final class Rfc5322Output extends OutputStream {
    private final PipedOutputStream pipe;
    private final Thread rewriter;
    private volatile Throwable failure;
    private boolean closed;

    private Rfc5322Output(OutputStream target) throws IOException {
        PipedInputStream in = new PipedInputStream(64 * 1024);
        this.pipe = new PipedOutputStream(in);
        this.rewriter = new Thread(() -> {
            try (in) {
                SevenBitCopy.copy(in, target);
            } catch (IOException | RuntimeException e) {
                failure = e;
                drain(in);
            }
        }, "mailv2-rfc5322");
        rewriter.setDaemon(true);
        rewriter.start();
    }

    public static Rfc5322Output to(OutputStream target) throws IOException {
        return new Rfc5322Output(target);
    }

    /** Keeps the writer from blocking on a pipe nobody reads any more. */
    private static void drain(PipedInputStream in) {
        try {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the writer side closed: nothing left to drain
        }
    }

    @Override
    public void write(int b) throws IOException {
        pipe.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        pipe.write(b, off, len);
    }

    /** Ends the message and waits until all of it was written to the target. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        pipe.close();
        try {
            rewriter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while writing the message");
        }
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
    }

    /** Ends a message that failed a check: whatever the rewriter still holds is dropped, and its failure too. */
    public void abandon() {
        try {
            close();
        } catch (IOException | RuntimeException dropped) {
            // the message is being discarded anyway
        }
    }
}
