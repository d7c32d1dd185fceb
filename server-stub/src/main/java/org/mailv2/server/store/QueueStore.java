package org.mailv2.server.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The relay queue. Work is claimed with a lease, so several server processes on one database never deliver the same
 * item twice at once (PostgreSQL: {@code FOR UPDATE SKIP LOCKED}); a claim whose lease ran out (a crashed worker) can
 * be claimed again.
 */
public interface QueueStore {
    /** @return the stored item with its id; an item with the same (sender, messageId) is returned as it is */
    QueuedDelivery enqueue(QueuedDelivery delivery);

    /** Claims the oldest due item not leased by another worker, leasing it to {@code worker} until now + lease. */
    Optional<QueuedDelivery> claim(String worker, Instant now, Duration lease);

    /** Removes a delivered item. @return false when the worker no longer holds the lease */
    boolean complete(long id, String worker);

    /** Releases the lease and schedules the next try. @return false when the worker no longer holds the lease */
    boolean retryAt(long id, String worker, Instant notBefore, String lastError);

    /**
     * Marks the item given up for {@code reason}: it is never relayed again, and is claimed from {@code notBefore}
     * on only to retry its delivery-status notice. Counts the try. @return false when the worker no longer holds the
     * lease
     */
    boolean gaveUp(long id, String worker, Instant notBefore, String reason);

    long size();

    /** Every item, by id (for the operator). */
    java.util.List<QueuedDelivery> all();

    Optional<QueuedDelivery> find(long id);

    /** When the oldest item was first queued; empty when the queue is empty. */
    Optional<Instant> oldestQueuedAt();

    /**
     * Makes the item due at {@code now} (the operator's retry). A worker holding it keeps its lease and reschedules
     * it as usual when its try ends. @return false when there is no such item
     */
    boolean dueAt(long id, Instant now);

    /**
     * Removes the item unless a worker holds an unexpired lease on it at {@code now} (it is being relayed: removing it
     * then could deliver it and report it undelivered both). The caller deletes the blob.
     *
     * @return the removed item; empty when there is no such item or it is leased
     */
    Optional<QueuedDelivery> remove(long id, Instant now);

    /** Bytes (summary + body ciphertexts) of the copies {@code sender} has waiting in the queue, for its quota. */
    long queuedBytes(org.mailv2.protocol.digest.Sha256 sender);

    /** The body blobs of all items an account queued (to delete them with the account). */
    java.util.List<String> blobsOf(org.mailv2.protocol.digest.Sha256 sender);
}
