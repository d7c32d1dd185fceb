package org.mailv2.client.core.read;

import java.util.Set;
import org.mailv2.protocol.seal.Summary;

/**
 * One listed message. {@code summary} is null when the message could not be verified or opened; {@code problem}
 * then says why (a stable error code), and the message is shown as such rather than hidden.
 */
public record InboxEntry(String messageId, long sequence, String box, Set<String> flags, Summary summary,
                         String senderKeyId, String problem) {
    public boolean verified() {
        return summary != null;
    }
}
