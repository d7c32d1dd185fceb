-- mailv2 schema version 5 (SQLite): a tombstone of every message id admitted by a permit, kept until that
-- permit is revoked, so that a copy the recipient deleted cannot be delivered again with the same permit (message
-- ids are idempotent only while the row exists; stamps are spent, permits are not).
-- Keep in step with ../postgresql/V5__permit_admissions.sql.
CREATE TABLE permit_admissions (
    recipient   TEXT    NOT NULL REFERENCES accounts (address_hash) ON DELETE CASCADE,
    message_id  TEXT    NOT NULL,
    permit_id   TEXT    NOT NULL REFERENCES permits (permit_id) ON DELETE CASCADE,
    PRIMARY KEY (recipient, message_id)
) STRICT;

CREATE INDEX permit_admissions_by_permit ON permit_admissions (permit_id);
