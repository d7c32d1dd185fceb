-- mailv2 schema version 8 (SQLite): the resolver keeps every record that brought an address a signing key (its first
-- record and each rotation), so a client pinned to a key several rotations back can walk the chain to the current
-- one. published_at_us is when this resolver took the record. An address from before this version starts its history
-- with the record it holds now (earlier rotations were not kept). Keep in step with ../postgresql/V8__key_changes.sql.
CREATE TABLE address_key_changes (
    address_hash    TEXT    NOT NULL,
    serial          INTEGER NOT NULL,
    record_json     BLOB    NOT NULL,
    published_at_us INTEGER NOT NULL,
    PRIMARY KEY (address_hash, serial)
) STRICT;

INSERT INTO address_key_changes (address_hash, serial, record_json, published_at_us)
SELECT address_hash, serial, record_json, CAST((julianday('now') - 2440587.5) * 86400000000.0 AS INTEGER) FROM address_records;
