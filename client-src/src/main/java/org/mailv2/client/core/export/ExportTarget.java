package org.mailv2.client.core.export;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Set;

/** Where exported messages go: one {@link Entry} per message, kept only when the whole message verified. */
public interface ExportTarget extends Closeable {
    /** A message's place in the target; the message is written to {@link #out}, then kept or thrown away. */
    interface Entry {
        OutputStream out();

        void commit() throws IOException;

        void abort() throws IOException;
    }

    /** A box begins (its folder is made even when it holds nothing). */
    default void startBox(String box) throws IOException {
    }

    /** Whether this message (by its mailv2 id) is in the target already, from an earlier export. */
    boolean holds(String box, String messageId) throws IOException;

    /**
     * Starts a message of {@code box} with the server's {@code flags} ({@code seen}, {@code flagged},
     * {@code answered}); {@code from} is its verified sender and {@code received} when it arrived.
     */
    Entry begin(String box, String messageId, Set<String> flags, String from, Instant received) throws IOException;
}
