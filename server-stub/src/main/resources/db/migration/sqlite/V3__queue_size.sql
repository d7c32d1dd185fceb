-- mailv2 schema version 3 (SQLite): queued copies count against their sender's quota.
-- Keep in step with ../postgresql/V3__queue_size.sql. Copies queued before this version count as 0 bytes; they leave
-- the queue within the relay's retry window.
ALTER TABLE queue ADD COLUMN size_bytes INTEGER NOT NULL DEFAULT 0;

CREATE INDEX queue_by_sender ON queue (sender);
