package org.mailv2.protocol.api;

import java.util.List;

/** One page of a box: messages in cursor order, and the cursor to ask for the next page. */
public record MessagePage(List<MessageView> messages, long nextCursor) {
}
