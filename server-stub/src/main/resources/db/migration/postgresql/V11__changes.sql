-- mailv2 schema version 11 (PostgreSQL): a per-account change log, so that every device of an account learns what the
-- others did (IMAP CONDSTORE/QRESYNC's idea). Each change to an account's mailbox — a message stored, its flags set,
-- moved, deleted — takes the account's next modification sequence (accounts.modseq); a message row carries the modseq
-- of its last change, a deleted message leaves a tombstone with the modseq of its deletion. Mail from before this
-- version starts with its listing sequence as its modseq. Keep in step with ../sqlite/V11__changes.sql.
ALTER TABLE accounts ADD COLUMN modseq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN modseq BIGINT NOT NULL DEFAULT 0;
UPDATE messages SET modseq = seq;
UPDATE accounts SET modseq = COALESCE((SELECT MAX(seq) FROM messages WHERE messages.account = accounts.address_hash), 0);
CREATE INDEX messages_by_modseq ON messages (account, modseq);

CREATE TABLE message_tombstones (
    account     TEXT    NOT NULL REFERENCES accounts (address_hash) ON DELETE CASCADE,
    message_id  TEXT    NOT NULL,
    modseq      BIGINT  NOT NULL,
    PRIMARY KEY (account, message_id)
);
CREATE INDEX tombstones_by_modseq ON message_tombstones (account, modseq);
