-- mailv2 schema version 1 (SQLite). Keep in step with ../postgresql/V1__init.sql: same tables, columns and indexes.
-- Hashes are lowercase hex TEXT, instants BIGINT microseconds since the epoch (*_us), dates epoch days.
-- Every foreign key points at accounts and cascades, so deleting an account deletes what it owns.

CREATE TABLE accounts (
    address_hash   TEXT    NOT NULL PRIMARY KEY,
    created_at_us  INTEGER NOT NULL,
    quota_bytes    INTEGER NOT NULL
) STRICT;

-- Resolver records: canonical JSON bytes, with the serial beside them for compare-and-set.
CREATE TABLE address_records (
    address_hash   TEXT    NOT NULL PRIMARY KEY,
    serial         INTEGER NOT NULL,
    record_json    BLOB    NOT NULL
) STRICT;

CREATE TABLE routing_records (
    routing_id     TEXT    NOT NULL PRIMARY KEY,
    serial         INTEGER NOT NULL,
    record_json    BLOB    NOT NULL
) STRICT;

CREATE TABLE organisation_records (
    organisation_hash TEXT    NOT NULL PRIMARY KEY,
    serial            INTEGER NOT NULL,
    record_json       BLOB    NOT NULL
) STRICT;

-- Spent stamps, by the SHA-256 of the stamp text; the primary key is what makes a replay fail.
CREATE TABLE stamps (
    stamp_hash        TEXT    NOT NULL PRIMARY KEY,
    forgettable_after INTEGER NOT NULL
) STRICT;

CREATE INDEX stamps_by_forgettable_after ON stamps (forgettable_after);

CREATE TABLE permits (
    permit_id      TEXT    NOT NULL PRIMARY KEY,
    recipient      TEXT    NOT NULL REFERENCES accounts (address_hash) ON DELETE CASCADE,
    sender         TEXT    NOT NULL,
    purpose        TEXT    NOT NULL CHECK (purpose IN ('list', 'contact')),
    created_at_us  INTEGER NOT NULL,
    revoked_at_us  INTEGER
) STRICT;

CREATE INDEX permits_by_recipient ON permits (recipient, created_at_us, permit_id);

-- Mailboxes. seq is the listing cursor: AUTOINCREMENT never hands out a number twice, even after deletes.
-- flags is a bit set: 1 seen, 2 flagged, 4 answered.
CREATE TABLE messages (
    seq                INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    account            TEXT    NOT NULL REFERENCES accounts (address_hash) ON DELETE CASCADE,
    message_id         TEXT    NOT NULL,
    box                TEXT    NOT NULL,
    flags              INTEGER NOT NULL,
    envelope_json      BLOB    NOT NULL,
    summary_ciphertext BLOB    NOT NULL,
    summary_size       INTEGER NOT NULL,
    summary_sha256     TEXT    NOT NULL,
    body_blob          TEXT    NOT NULL,
    body_size          INTEGER NOT NULL,
    body_sha256        TEXT    NOT NULL,
    received_at_us     INTEGER NOT NULL,
    UNIQUE (account, message_id)
) STRICT;

CREATE INDEX messages_by_box ON messages (account, box, seq);

-- The relay outbox. A claim leases an item to one worker until lease_until_us.
CREATE TABLE queue (
    id                 INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    sender             TEXT    NOT NULL REFERENCES accounts (address_hash) ON DELETE CASCADE,
    message_id         TEXT    NOT NULL,
    recipient          TEXT    NOT NULL,
    envelope_json      BLOB    NOT NULL,
    summary_ciphertext BLOB    NOT NULL,
    body_blob          TEXT    NOT NULL,
    attempts           INTEGER NOT NULL,
    not_before_us      INTEGER NOT NULL,
    first_queued_at_us INTEGER NOT NULL,
    last_error         TEXT,
    lease_owner        TEXT,
    lease_until_us     INTEGER,
    UNIQUE (sender, message_id)
) STRICT;

CREATE INDEX queue_by_due ON queue (not_before_us, id);
