package org.mailv2.server.store;

import java.time.Instant;
import java.util.UUID;
import org.mailv2.protocol.digest.Sha256;

/**
 * A sealed copy in the outbox, waiting to be relayed to the recipient's server. {@code id} is assigned by the store;
 * {@code sizeBytes} (summary and body ciphertexts) counts against the sender's quota while the copy waits;
 * {@code attempts} counts failed tries; {@code gaveUpReason} is null while the copy is being relayed, and the reason
 * once the relay gave up on it but could not store the delivery-status notice yet (only the notice is retried).
 */
public record QueuedDelivery(long id, Sha256 sender, UUID messageId, Sha256 recipient, byte[] envelopeJson,
                             byte[] summaryCiphertext, String bodyBlob, long sizeBytes, int attempts,
                             Instant notBefore, Instant firstQueuedAt, String lastError,
                             String gaveUpReason) {
    public QueuedDelivery {
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("a size is not negative");
        }
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
