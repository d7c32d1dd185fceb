-- mailv2 schema version 9 (PostgreSQL): moving accounts between servers (protocol §7.6).
-- arrivals: accounts registered here by a move, with the successor record they registered with (not published by
-- this server) and the routing they came from; the row stays as the account's history.
-- departures: accounts that moved away, with the record the resolver publishes for them now. Mail for such an account
-- is forwarded to its new routing until moved_at + the grace period, then refused with 'moved'.
-- Keep in step with ../sqlite/V9__account_moves.sql.
CREATE TABLE arrivals (
    account          TEXT    NOT NULL PRIMARY KEY REFERENCES accounts (address_hash) ON DELETE CASCADE,
    from_routing_id  TEXT    NOT NULL,
    record_json      BYTEA   NOT NULL,
    arrived_at_us    BIGINT  NOT NULL
);

CREATE TABLE departures (
    account          TEXT    NOT NULL PRIMARY KEY REFERENCES accounts (address_hash) ON DELETE CASCADE,
    to_routing_id    TEXT    NOT NULL,
    serial           BIGINT  NOT NULL,
    record_json      BYTEA   NOT NULL,
    moved_at_us      BIGINT  NOT NULL
);
