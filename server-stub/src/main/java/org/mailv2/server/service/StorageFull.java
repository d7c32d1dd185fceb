package org.mailv2.server.service;

import java.io.IOException;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.server.store.OutOfSpace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a full disk under the blob store or the database into {@code insufficient_storage} (507, passing: senders
 * keep the copy and try again), so that it is answered as "not now" rather than as a server failure. Other failures
 * pass through unchanged.
 */
final class StorageFull {
    private static final Logger LOG = LoggerFactory.getLogger(StorageFull.class);

    private StorageFull() {
    }

    @FunctionalInterface
    interface Write<T> {
        T run() throws IOException;
    }

    /** Runs a blob write; a full disk becomes {@code insufficient_storage}. */
    static <T> T guard(Write<T> write) throws IOException {
        try {
            return write.run();
        } catch (IOException | RuntimeException e) {
            if (OutOfSpace.causedBy(e)) {
                throw refusal(e);
            }
            throw e;
        }
    }

    /** A failed transaction: {@code insufficient_storage} when the database's disk is full, else {@code e}. */
    static RuntimeException translate(RuntimeException e) {
        return OutOfSpace.causedBy(e) ? refusal(e) : e;
    }

    private static ProtocolException refusal(Exception cause) {
        // The operator's cue: the disk needs room. No user data in the message (blob names are random).
        LOG.warn("storage full, refusing a write with insufficient_storage: {}", cause.toString());
        return new ProtocolException(ErrorCode.INSUFFICIENT_STORAGE, "the server's storage is full; try again later",
                cause);
    }
}
