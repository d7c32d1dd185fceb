package org.mailv2.protocol.api;

/** One event of {@code GET /api/v1/events}: a message arrived in a box, at a sequence (the listing cursor). */
public record NewMailEvent(String messageId, String box, long sequence) {
}
