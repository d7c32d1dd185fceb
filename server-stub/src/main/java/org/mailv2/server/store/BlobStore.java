package org.mailv2.server.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Ciphertext bodies as files under one directory (shared by replicas). A blob is written to a staging file, forced to
 * disk, then renamed into place by {@link Staged#commit()}; only committed blobs have names that rows refer to.
 */
public interface BlobStore {
    Staged stage() throws IOException;

    InputStream open(String name) throws IOException;

    long size(String name) throws IOException;

    /**
     * Cheaply checks that blobs can be read and written (for health checks); writes nothing.
     *
     * @throws IOException when the store is unavailable
     */
    void requireAvailable() throws IOException;

    /** Deletes a committed blob; absent blobs are ignored. */
    void delete(String name) throws IOException;

    /** A blob being written. Closing without committing deletes it. */
    interface Staged extends AutoCloseable {
        OutputStream output();

        /** Forces the bytes to disk and gives the blob its final name. */
        String commit() throws IOException;

        @Override
        void close() throws IOException;
    }
}
