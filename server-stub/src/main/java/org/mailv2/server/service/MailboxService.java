package org.mailv2.server.service;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.server.store.BlobStore;
import org.mailv2.server.store.Database;
import org.mailv2.server.store.MessageStore;
import org.mailv2.server.store.StoredMessage;

/** An account's mailboxes. Every call is scoped to the authenticated account: no one reaches another's mail. */
public final class MailboxService {
    public static final int MAX_PAGE = 500;
    private static final Pattern BOX = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final Database db;
    private final BlobStore blobs;
    private final MailboxChanges changes;

    public MailboxService(Database db, BlobStore blobs) {
        this(db, blobs, new MailboxChanges());
    }

    public MailboxService(Database db, BlobStore blobs, MailboxChanges changes) {
        this.db = db;
        this.blobs = blobs;
        this.changes = changes;
    }

    /** @throws ProtocolException {@code malformed} for a negative state or a bad limit */
    public MessageStore.Changes changes(Sha256 account, long since, int limit) {
        if (limit < 1 || limit > MAX_PAGE || since < 0) {
            throw new ProtocolException(ErrorCode.MALFORMED, "limit is 1.." + MAX_PAGE + ", since ≥ 0");
        }
        return db.messages().changesSince(account, since, limit);
    }

    public List<MessageStore.BoxCount> boxes(Sha256 account) {
        return db.messages().boxes(account);
    }

    /** @throws ProtocolException {@code malformed} for a bad box name or limit */
    public List<StoredMessage> list(Sha256 account, String box, long after, int limit) {
        requireBox(box);
        if (limit < 1 || limit > MAX_PAGE || after < 0) {
            throw new ProtocolException(ErrorCode.MALFORMED, "limit is 1.." + MAX_PAGE + ", after ≥ 0");
        }
        return db.messages().list(account, box, after, limit);
    }

    /** @throws ProtocolException {@code unknown_recipient} when the account has no such message */
    public StoredMessage get(Sha256 account, UUID id) {
        return db.messages().get(account, id).orElseThrow(MailboxService::notFound);
    }

    public InputStream body(Sha256 account, UUID id) throws IOException {
        return blobs.open(get(account, id).bodyBlob());
    }

    public void setFlags(Sha256 account, UUID id, Set<StoredMessage.Flag> flags) {
        if (!db.messages().setFlags(account, id, flags)) {
            throw notFound();
        }
        changes.changed(account);
    }

    public void move(Sha256 account, UUID id, String box) {
        requireBox(box);
        if (!db.messages().move(account, id, box)) {
            throw notFound();
        }
        changes.changed(account);
    }

    public void delete(Sha256 account, UUID id) throws IOException {
        StoredMessage removed = db.messages().delete(account, id).orElseThrow(MailboxService::notFound);
        changes.changed(account);
        blobs.delete(removed.bodyBlob());
    }

    private static void requireBox(String box) {
        if (box == null || !BOX.matcher(box).matches()) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a box name is 1-64 of a-z 0-9 . _ -");
        }
    }

    private static ProtocolException notFound() {
        return new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "no such message");
    }
}
