-- mailv2 schema version 1 (PostgreSQL). Keep in step with ../sqlite/V1__init.sql: same tables, columns and indexes.
-- Hashes are lowercase hex TEXT, instants BIGINT microseconds since the epoch (*_us), dates epoch days.
-- Every foreign key points at accounts and cascades, so deleting an account deletes what it owns.

CREATE TABLE accounts (
    address_hash   TEXT    NOT NULL PRIMARY KEY,
    created_at_us  BIGINT  NOT NULL,
    quota_bytes    BIGINT  NOT NULL
);

-- Resolver records: canonical JSON bytes, with the serial beside them for compare-and-set.
CREATE TABLE address_records (
    address_hash   TEXT    NOT NULL PRIMARY KEY,
    serial         BIGINT  NOT NULL,
    record_json    BYTEA   NOT NULL
);

CREATE TABLE routing_records (
    routing_id     TEXT    NOT NULL PRIMARY KEY,
    serial         BIGINT  NOT NULL,
    record_json    BYTEA   NOT NULL
);

CREATE TABLE organisation_records (
    organisation_hash TEXT    NOT NULL PRIMARY KEY,
    serial            BIGINT  NOT NULL,
    record_json       BYTEA   NOT NULL
);

-- Spent stamps, by the SHA-256 of the stamp text; the primary key is what makes a replay fail.
CREATE TABLE stamps (
    stamp_hash        TEXT    NOT NULL PRIMARY KEY,
    forgettable_after BIGINT  NOT NULL
);

CREATE INDEX stamps_by_forgettable_after ON stamps (forgettable_after);

CREATE TABLE permits (
    permit_id      TEXT    NOT NULL PRIMARY KEY,
    recipient      TEXT    NOT NULL REFERENCES accounts (address_hash) ON DELETE CASCADE,
    sender         TEXT    NOT NULL,
    purpose        TEXT    NOT NULL CHECK (purpose IN ('list', 'contact')),
    created_at_us  BIGINT  NOT NULL,
    revoked_at_us  BIGINT
);

CREATE INDEX permits_by_recipient ON permits (recipient, created_at_us, permit_id);

-- Mailboxes. seq is the listing cursor, from an identity sequence (never handed out twice). Inserts into one account
-- lock its accounts row first, so one account's sequences are taken in commit order (see SqlMessageStore).
-- flags is a bit set: 1 seen, 2 flagged, 4 answered.
CREATE TABLE messages (
    seq                BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account            TEXT    NOT NULL REFERENCES accounts (address_hash) ON DELETE CASCADE,
    message_id         TEXT    NOT NULL,
    box                TEXT    NOT NULL,
    flags              INTEGER NOT NULL,
    envelope_json      BYTEA   NOT NULL,
    summary_ciphertext BYTEA   NOT NULL,
    summary_size       BIGINT  NOT NULL,
    summary_sha256     TEXT    NOT NULL,
    body_blob          TEXT    NOT NULL,
    body_size          BIGINT  NOT NULL,
    body_sha256        TEXT    NOT NULL,
    received_at_us     BIGINT  NOT NULL,
    UNIQUE (account, message_id)
);

CREATE INDEX messages_by_box ON messages (account, box, seq);

-- The relay outbox. A claim leases an item to one worker until lease_until_us.
CREATE TABLE queue (
    id                 BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sender             TEXT    NOT NULL REFERENCES accounts (address_hash) ON DELETE CASCADE,
    message_id         TEXT    NOT NULL,
    recipient          TEXT    NOT NULL,
    envelope_json      BYTEA   NOT NULL,
    summary_ciphertext BYTEA   NOT NULL,
    body_blob          TEXT    NOT NULL,
    attempts           INTEGER NOT NULL,
    not_before_us      BIGINT  NOT NULL,
    first_queued_at_us BIGINT  NOT NULL,
    last_error         TEXT,
    lease_owner        TEXT,
    lease_until_us     BIGINT,
    UNIQUE (sender, message_id)
);

CREATE INDEX queue_by_due ON queue (not_before_us, id);
