-- mailv2 schema version 10 (PostgreSQL): each account's recovery copy, sealed by its client under a key derived from
-- the account's recovery phrase (the server cannot read it), with the public half of the phrase's recovery key, which
-- signs the requests that fetch it. Keep in step with ../sqlite/V10__recovery.sql.
CREATE TABLE recovery_copies (
    account         TEXT    NOT NULL PRIMARY KEY REFERENCES accounts (address_hash) ON DELETE CASCADE,
    recovery_key    TEXT    NOT NULL,
    copy            BYTEA   NOT NULL,
    updated_at_us   BIGINT  NOT NULL
);
