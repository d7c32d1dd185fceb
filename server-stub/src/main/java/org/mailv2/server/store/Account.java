package org.mailv2.server.store;

import java.time.Instant;
import org.mailv2.protocol.digest.Sha256;

/** An account hosted on this server: known only by its address hash. */
public record Account(Sha256 addressHash, Instant createdAt, long quotaBytes) {
}
