package org.mailv2.server.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.mailv2.protocol.digest.Sha256;

/** Mailboxes: sealed copies per account, in boxes, with flags; listing by a stable cursor. */
public interface MessageStore {
    enum Insert { NEW, DUPLICATE, CONFLICT }

    /**
     * Stores a copy. Idempotent by (account, messageId): the same id with the same summary and body hashes is
     * {@code DUPLICATE} (nothing changes), with other hashes {@code CONFLICT} (nothing changes).
     */
    Insert insert(StoredMessage message);

    /** Messages of one box with a sequence above {@code afterSequence}, ascending, at most {@code limit}. */
    List<StoredMessage> list(Sha256 account, String box, long afterSequence, int limit);

    Optional<StoredMessage> get(Sha256 account, UUID messageId);

    /** @return false when the message does not exist */
    boolean setFlags(Sha256 account, UUID messageId, Set<StoredMessage.Flag> flags);

    /** @return false when the message does not exist */
    boolean move(Sha256 account, UUID messageId, String box);

    /** Removes the row; the caller deletes the blob afterwards. @return the removed message, if it existed */
    Optional<StoredMessage> delete(Sha256 account, UUID messageId);

    /** The body blobs of all an account's messages (to delete them with the account). */
    List<String> blobsOf(Sha256 account);

    /** Bytes (summary + body ciphertexts) stored for an account, for its quota. */
    long usedBytes(Sha256 account);

    /** The highest sequence of any stored message, 0 when there is none. */
    long lastSequence();

    /**
     * Accounts with inbox messages whose sequence is above {@code afterSequence}, each with the highest such
     * sequence (the new-mail events' one query per tick for all subscribers).
     */
    Map<Sha256, Long> newestInboxAfter(long afterSequence);

    /** Box names in use by an account with their message and unseen counts. */
    List<BoxCount> boxes(Sha256 account);

    record BoxCount(String box, long messages, long unseen) {
    }

    /**
     * One change of the account's mailbox as its change log shows it: the message's state after its last change, or
     * its deletion.
     */
    record Change(UUID messageId, long sequence, String box, Set<StoredMessage.Flag> flags, long modseq,
                  boolean deleted) {
    }

    /**
     * Changes after {@code since}, oldest first, and the state to ask from next: the account's modseq when all were
     * given, else the last given one's ({@code more}).
     */
    record Changes(List<Change> changes, long state, boolean more) {
    }

    /** @throws IllegalArgumentException unless {@code limit} is positive */
    Changes changesSince(Sha256 account, long since, int limit);
}
