package org.mailv2.server.service;

import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.server.store.Account;
import org.mailv2.server.store.Database;

/** An account's quota counts its stored messages and the copies it has waiting in the relay queue. */
final class Quotas {
    private Quotas() {
    }

    /** Bytes the account holds here: stored summaries and bodies plus queued copies. */
    static long used(Database db, Sha256 account) {
        return db.messages().usedBytes(account) + db.queue().queuedBytes(account);
    }

    /**
     * @param full the message when the account would go over its quota
     * @throws ProtocolException {@code quota_exceeded} when {@code size} more bytes would not fit
     */
    static void requireRoom(Database db, Account account, long size, String full) {
        if (used(db, account.addressHash()) + size > account.quotaBytes()) {
            throw new ProtocolException(ErrorCode.QUOTA_EXCEEDED, full);
        }
    }

    /** @throws ProtocolException {@code too_large} when {@code size} is over the server's limit */
    static void requireAtMost(long size, long maxMessageBytes) {
        if (size > maxMessageBytes) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "message over " + maxMessageBytes + " bytes");
        }
    }
}
