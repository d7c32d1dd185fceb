-- mailv2 schema version 7 (PostgreSQL): the operator's tools. An account the operator suspended keeps its data but is
-- refused logins and deliveries (suspended_at_us is NULL while it is active). Invitations are recorded when issued, so
-- the operator can list them and revoke one before it is redeemed; invitation_id is a prefix of the token's SHA-256
-- (the token itself is a credential and is not kept). Keep in step with ../sqlite/V7__operator.sql.
ALTER TABLE accounts ADD COLUMN suspended_at_us BIGINT;

CREATE TABLE invitations (
    invitation_id  TEXT    NOT NULL PRIMARY KEY,
    address_hash   TEXT    NOT NULL,
    issued_at_us   BIGINT NOT NULL,
    expires_at_us  BIGINT NOT NULL,
    revoked_at_us  BIGINT,
    redeemed_at_us BIGINT
);
