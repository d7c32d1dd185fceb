package org.mailv2.protocol.api;

import org.mailv2.protocol.digest.Sha256;

/**
 * {@code GET /info}: what a server is and what it asks of clients. {@code resolverUrl} and {@code resolverPin} name
 * the resolver this server uses when it does not run the role itself (absent otherwise).
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record ServerInfo(String version, Sha256 routingId, String hostname, String registration, int powAccountBits,
                         int powMessageBits, boolean resolver, String resolverUrl, Sha256 resolverPin,
                         long maxMessageBytes, long maxSummaryBytes) {
}
