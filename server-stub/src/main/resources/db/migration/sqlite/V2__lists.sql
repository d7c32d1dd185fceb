-- mailv2 schema version 2 (SQLite): public mailing lists this server publishes in its directory.
-- Keep in step with ../postgresql/V2__lists.sql.
CREATE TABLE lists (
    address_hash    TEXT    NOT NULL PRIMARY KEY REFERENCES accounts (address_hash) ON DELETE CASCADE,
    descriptor_json BLOB    NOT NULL,
    updated_at_us   INTEGER NOT NULL
) STRICT;
