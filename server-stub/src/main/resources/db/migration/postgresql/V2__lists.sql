-- mailv2 schema version 2 (PostgreSQL): public mailing lists this server publishes in its directory.
-- Keep in step with ../sqlite/V2__lists.sql.
CREATE TABLE lists (
    address_hash    TEXT    NOT NULL PRIMARY KEY REFERENCES accounts (address_hash) ON DELETE CASCADE,
    descriptor_json BYTEA   NOT NULL,
    updated_at_us   BIGINT  NOT NULL
);
