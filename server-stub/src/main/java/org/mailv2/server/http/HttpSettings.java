package org.mailv2.server.http;

import org.mailv2.protocol.api.ServerInfo;

/**
 * Where and how the HTTPS server listens, its request limits, and what {@code GET /info} says.
 *
 * @param minRequestBytesPerSecond the slowest request body taken (averaged from the request's start); slower is cut off
 */
public record HttpSettings(String listen, int port, int idleTimeoutSeconds, int minRequestBytesPerSecond,
                           int requestsPerMinutePerIp, int requestsPerMinutePerAccount, ServerInfo info) {
}
