package org.mailv2.server.service;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.mailv2.server.store.BlobStore;
import org.mailv2.server.store.Database;
import org.mailv2.server.store.QueuedDelivery;

/**
 * The operator's hand on the relay queue: see what waits, make an item due now, or drop it. A dropped item comes back
 * to its sender as a delivery-status message, exactly as when the relay gives up on it.
 */
public final class QueueAdmin {
    /** The delivery-status code of a copy the operator dropped. */
    public static final String DROPPED = "dropped";

    /** What became of a drop. */
    public enum Drop { DROPPED, UNKNOWN, IN_FLIGHT }

    private final Database db;
    private final BlobStore blobs;
    private final UndeliverableNotice notice;
    private final Clock clock;

    public QueueAdmin(Database db, BlobStore blobs, UndeliverableNotice notice, Clock clock) {
        this.db = db;
        this.blobs = blobs;
        this.notice = notice;
        this.clock = clock;
    }

    /** Every item, by id. */
    public List<QueuedDelivery> list() {
        return db.queue().all();
    }

    /** Makes the item due now; a relay worker takes it within its poll interval. @return false when it is unknown */
    public boolean retry(long id) {
        return db.queue().dueAt(id, clock.instant());
    }

    /**
     * Removes the item, then tells its sender. The item is removed first so that no worker can deliver it after the
     * sender was told it was not; if the notice cannot be stored, the item is put back (under a new id) and the
     * failure thrown, so nothing is lost.
     *
     * @throws IOException when the notice cannot be stored (the item is queued again) or the blob not deleted
     */
    public Drop drop(long id) throws IOException {
        if (db.queue().find(id).isEmpty()) {
            return Drop.UNKNOWN;
        }
        QueuedDelivery item = db.queue().remove(id, clock.instant()).orElse(null);
        if (item == null) {
            return db.queue().find(id).isPresent() ? Drop.IN_FLIGHT : Drop.UNKNOWN;
        }
        try {
            notice.undeliverable(item, DROPPED);
        } catch (IOException | RuntimeException e) {
            db.queue().enqueue(item);
            throw e;
        }
        blobs.delete(item.bodyBlob());
        return Drop.DROPPED;
    }
}
