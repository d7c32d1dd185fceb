package org.mailv2.server.store;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.mailv2.protocol.digest.Sha256;

/**
 * One sealed copy in one account's mailbox. {@code sequence} is assigned by the store on insert and grows with every
 * insert (the listing cursor); it is 0 on a message not yet stored. The body ciphertext is a blob named by
 * {@code bodyBlob}.
 */
public record StoredMessage(Sha256 account, UUID messageId, long sequence, String box, Set<Flag> flags,
                            byte[] envelopeJson, byte[] summaryCiphertext, String bodyBlob, long bodySize,
                            Sha256 bodySha256, Sha256 summarySha256, Instant receivedAt) {
    public enum Flag { SEEN, FLAGGED, ANSWERED }

    public StoredMessage {
        flags = Set.copyOf(flags);
        envelopeJson = envelopeJson.clone();
        summaryCiphertext = summaryCiphertext.clone();
    }

    @Override
    public byte[] envelopeJson() {
        return envelopeJson.clone();
    }

    @Override
    public byte[] summaryCiphertext() {
        return summaryCiphertext.clone();
    }
}
