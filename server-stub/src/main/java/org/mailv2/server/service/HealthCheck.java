package org.mailv2.server.service;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.mailv2.server.store.BlobStore;
import org.mailv2.server.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this server can serve: the database answers a real query and the blob store is usable. The answer is kept
 * for a second, so that an unauthenticated, unlimited health probe costs at most one query a second however often it
 * is called.
 */
public final class HealthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(HealthCheck.class);
    private static final Duration REUSE = Duration.ofSeconds(1);

    private final Database db;
    private final BlobStore blobs;
    private final Clock clock;
    private Instant checkedAt;
    private boolean healthy;

    public HealthCheck(Database db, BlobStore blobs, Clock clock) {
        this.db = db;
        this.blobs = blobs;
        this.clock = clock;
    }

    public synchronized boolean healthy() {
        Instant now = clock.instant();
        if (checkedAt == null || !now.isBefore(checkedAt.plus(REUSE)) || now.isBefore(checkedAt)) {
            healthy = check();
            checkedAt = now;
        }
        return healthy;
    }

    private boolean check() {
        try {
            db.messages().lastSequence();
            blobs.requireAvailable();
            return true;
        } catch (IOException | RuntimeException e) {
            // The probe's answer carries no detail; the log says what failed (no user data in either).
            LOG.warn("health check failed: {}", e.getClass().getSimpleName() + ": " + e.getMessage());
            return false;
        }
    }
}
