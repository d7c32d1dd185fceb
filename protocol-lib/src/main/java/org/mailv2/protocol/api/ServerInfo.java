package org.mailv2.protocol.api;

import org.mailv2.protocol.digest.Sha256;

/** {@code GET /info}: what a server is and what it asks of clients. */
public record ServerInfo(String version, Sha256 routingId, String hostname, String registration, int powAccountBits,
                         int powMessageBits, boolean resolver, long maxMessageBytes, long maxSummaryBytes) {
}
