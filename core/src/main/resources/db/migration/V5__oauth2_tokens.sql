-- OAuth 2.0 user-context tokens of accounts configured with auth=oauth2. X rotates refresh tokens: each refresh
-- returns a new one and invalidates the old, so the latest must outlive a restart. seeded_by is the SHA-256 (hex)
-- of the configured refresh token the row descends from: configuring a new one (re-authorisation) starts over
-- from it. Times are UTC.
CREATE TABLE oauth2_token (
    account           VARCHAR(64)   NOT NULL PRIMARY KEY,
    seeded_by         VARCHAR(64)   NOT NULL,
    access_token      VARCHAR(4000) NULL,
    access_expires_at TIMESTAMP     NULL,
    refresh_token     VARCHAR(4000) NOT NULL,
    updated_at        TIMESTAMP     NOT NULL
);
