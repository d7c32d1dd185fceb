package org.mailv2.server.service;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.server.store.Account;
import org.mailv2.server.store.BlobStore;
import org.mailv2.server.store.Database;
import org.mailv2.server.store.MessageStore;

/**
 * The operator's view of the accounts hosted here: what each holds, suspending and resuming one (its data stays), and
 * deleting one with everything it owns.
 */
public final class AccountAdmin {
    /** An account with what it holds: stored messages, and bytes stored or waiting in its outbox. */
    public record Entry(Account account, long messages, long usedBytes) {
    }

    private final Database db;
    private final BlobStore blobs;
    private final Clock clock;

    public AccountAdmin(Database db, BlobStore blobs, Clock clock) {
        this.db = db;
        this.blobs = blobs;
        this.clock = clock;
    }

    /** Every account, oldest first. */
    public List<Entry> list() {
        List<Entry> out = new ArrayList<>();
        for (Account a : db.accounts().all()) {
            out.add(entry(a));
        }
        return out;
    }

    public Optional<Entry> show(Sha256 account) {
        return db.accounts().find(account).map(this::entry);
    }

    /** @return false when there is no such account */
    public boolean suspend(Sha256 account) {
        return db.accounts().suspend(account, clock.instant());
    }

    /** @return false when there is no such account */
    public boolean resume(Sha256 account) {
        return db.accounts().resume(account);
    }

    /**
     * Deletes the account with its mail, permits and queued deliveries, then their blobs (after the commit, so a
     * failed delete leaves every row its blob). Its resolver record stays (records are superseded, not removed).
     *
     * @return false when there is no such account (nothing is changed)
     * @throws IOException when a blob cannot be deleted; the rows are gone, the file is left behind
     */
    public boolean delete(Sha256 account) throws IOException {
        List<String> orphans = db.inTransaction(() -> {
            List<String> names = new ArrayList<>(db.messages().blobsOf(account));
            names.addAll(db.queue().blobsOf(account));
            return db.accounts().delete(account) ? names : null;
        });
        if (orphans == null) {
            return false;
        }
        for (String name : orphans) {
            blobs.delete(name);
        }
        return true;
    }

    private Entry entry(Account a) {
        long messages = db.messages().boxes(a.addressHash()).stream().mapToLong(MessageStore.BoxCount::messages).sum();
        return new Entry(a, messages, Quotas.used(db, a.addressHash()));
    }
}
