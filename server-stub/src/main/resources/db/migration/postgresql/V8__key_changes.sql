-- mailv2 schema version 8 (PostgreSQL): the resolver keeps every record that brought an address a signing key (its
-- first record and each rotation), so a client pinned to a key several rotations back can walk the chain to the
-- current one. published_at_us is when this resolver took the record. An address from before this version starts its
-- history with the record it holds now. Keep in step with ../sqlite/V8__key_changes.sql.
CREATE TABLE address_key_changes (
    address_hash    TEXT    NOT NULL,
    serial          BIGINT  NOT NULL,
    record_json     BYTEA   NOT NULL,
    published_at_us BIGINT  NOT NULL,
    PRIMARY KEY (address_hash, serial)
);

INSERT INTO address_key_changes (address_hash, serial, record_json, published_at_us)
SELECT address_hash, serial, record_json, CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT)
FROM address_records;
