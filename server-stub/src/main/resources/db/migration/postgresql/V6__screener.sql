-- mailv2 schema version 6 (PostgreSQL): the screener. Per recipient, the senders (by address hash) it allowed, whose
-- stamped mail goes to the inbox rather than the screener box, or blocked, whose mail is refused with 'blocked';
-- a sender is one or the other. And the accounts that turned the screener off (absent: on).
-- Keep in step with ../sqlite/V6__screener.sql.
CREATE TABLE sender_rules (
    recipient      TEXT    NOT NULL REFERENCES accounts (address_hash) ON DELETE CASCADE,
    sender         TEXT    NOT NULL,
    rule           TEXT    NOT NULL CHECK (rule IN ('allow', 'block')),
    created_at_us  BIGINT NOT NULL,
    PRIMARY KEY (recipient, sender)
);

CREATE TABLE screener_off (
    recipient      TEXT    NOT NULL PRIMARY KEY REFERENCES accounts (address_hash) ON DELETE CASCADE
);
