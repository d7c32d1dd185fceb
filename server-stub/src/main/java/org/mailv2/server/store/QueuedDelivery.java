package org.mailv2.server.store;

import java.time.Instant;
import java.util.UUID;
import org.mailv2.protocol.digest.Sha256;

/**
 * A sealed copy in the outbox, waiting to be relayed to the recipient's server. {@code id} is assigned by the store;
 * {@code attempts} counts failed tries.
 */
public record QueuedDelivery(long id, Sha256 sender, UUID messageId, Sha256 recipient, byte[] envelopeJson,
                             byte[] summaryCiphertext, String bodyBlob, int attempts, Instant notBefore,
                             Instant firstQueuedAt, String lastError) {
    public QueuedDelivery {
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
