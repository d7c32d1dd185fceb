package org.mailv2.protocol.api;

import java.time.Instant;
import java.util.Set;
import org.mailv2.protocol.seal.Envelope;

/**
 * A message as a mailbox listing shows it: its envelope, the summary ciphertext (base64) that only the owner can
 * read, where it is and how it is flagged. The body is fetched separately.
 */
public record MessageView(Envelope envelope, String summaryCiphertext, long sequence, String box, Set<String> flags,
                          Instant receivedAt) {
    public byte[] summaryBytes() {
        return java.util.Base64.getDecoder().decode(summaryCiphertext);
    }
}
