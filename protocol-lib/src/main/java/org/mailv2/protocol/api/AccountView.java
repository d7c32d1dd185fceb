package org.mailv2.protocol.api;

import java.time.Instant;
import org.mailv2.protocol.digest.Sha256;

/** {@code GET /api/v1/account}: the caller's account, its storage use and quota. */
public record AccountView(Sha256 addressHash, Instant createdAt, long usedBytes, long quotaBytes) {
}
