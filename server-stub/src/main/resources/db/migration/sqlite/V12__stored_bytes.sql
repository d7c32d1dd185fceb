-- mailv2 schema version 12 (SQLite): each account keeps the bytes its stored messages take (summary + body
-- ciphertexts), kept up to date in the transaction that stores or deletes a message, so that the quota check on every
-- delivery reads one row instead of summing the whole mailbox. Accounts from before this version start with the sum
-- of what they hold. Keep in step with ../postgresql/V12__stored_bytes.sql.
ALTER TABLE accounts ADD COLUMN stored_bytes INTEGER NOT NULL DEFAULT 0;
UPDATE accounts SET stored_bytes = COALESCE((SELECT SUM(summary_size + body_size) FROM messages
    WHERE messages.account = accounts.address_hash), 0);
