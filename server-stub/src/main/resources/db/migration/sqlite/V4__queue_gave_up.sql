-- mailv2 schema version 4 (SQLite): a queued copy the relay gave up on, whose delivery-status notice could not be
-- stored yet, keeps the reason here; it is never relayed again, only its notice is retried.
-- Keep in step with ../postgresql/V4__queue_gave_up.sql.
ALTER TABLE queue ADD COLUMN gave_up_reason TEXT;
