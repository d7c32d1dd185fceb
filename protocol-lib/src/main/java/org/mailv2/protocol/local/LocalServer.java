package org.mailv2.protocol.local;

import org.mailv2.protocol.digest.Sha256;

/** A mail server running inside this process on 127.0.0.1 (the client's local mode). */
public interface LocalServer extends AutoCloseable {
    String url();

    Sha256 certificatePin();

    /** Stops it; its data stays for the next start. */
    @Override
    void close();
}
