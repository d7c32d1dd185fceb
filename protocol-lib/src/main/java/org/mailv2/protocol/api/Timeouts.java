package org.mailv2.protocol.api;

import java.time.Duration;

/**
 * How long an {@link ApiClient} waits for a server: to connect (TCP and the TLS handshake), for each read or write
 * on the connection, and for a whole call (connecting, sending the request, reading the answer's headers). The call
 * limit bounds a server that answers a byte at a time, which no read limit catches; {@link Duration#ZERO} means
 * none.
 *
 * @param connect at least one millisecond
 * @param read at least one millisecond; also the write limit
 * @param call zero (no limit) or at least {@code read}
 */
public record Timeouts(Duration connect, Duration read, Duration call) {
    /** What clients use unless told otherwise: 10 s to connect, 60 s per read or write, no call limit. */
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ZERO);

    public Timeouts {
        if (connect == null || read == null || call == null || connect.toMillis() < 1 || read.toMillis() < 1
                || call.isNegative() || (!call.isZero() && call.compareTo(read) < 0)) {
            throw new IllegalArgumentException("timeouts: connect and read at least 1 ms, call 0 or at least read");
        }
    }
}
