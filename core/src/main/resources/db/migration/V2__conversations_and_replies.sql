-- Times are stored as UTC (TIMESTAMP without time zone, written and read as UTC by ConversationStore).

-- One row per company account and customer who sent it a Direct Message: the customer's latest message
-- and how many replies went out since then (Twitter allows 5 within 24 hours of the customer's message).
CREATE TABLE dm_contact (
    account_id                   BIGINT      NOT NULL,
    account_name                 VARCHAR(64) NOT NULL,
    customer_id                  BIGINT      NOT NULL,
    customer_screen_name         VARCHAR(64) NOT NULL,
    last_customer_message_at     TIMESTAMP   NOT NULL,
    last_customer_message_id     BIGINT      NOT NULL,
    sends_since_customer_message INT         NOT NULL,
    PRIMARY KEY (account_id, customer_id)
);

CREATE INDEX dm_contact_customer ON dm_contact (customer_id);

-- A public mention thread (keyed by its root tweet id) and the customer's latest tweet in it.
CREATE TABLE thread_state (
    root_id                  BIGINT      NOT NULL PRIMARY KEY,
    account_id               BIGINT      NOT NULL,
    account_name             VARCHAR(64) NOT NULL,
    customer_id              BIGINT      NOT NULL,
    customer_screen_name     VARCHAR(64) NOT NULL,
    last_customer_tweet_id   BIGINT      NOT NULL,
    last_customer_message_at TIMESTAMP   NOT NULL
);

-- Every reply an agent asked for, by the client's idempotency key: queued | sending | sent | rejected | failed.
CREATE TABLE reply (
    reply_id         VARCHAR(128)  NOT NULL PRIMARY KEY,
    conversation_key VARCHAR(128),
    status           VARCHAR(16)   NOT NULL,
    twitter_id       VARCHAR(32),
    error_code       VARCHAR(64),
    error_message    VARCHAR(1000),
    created_at       TIMESTAMP     NOT NULL,
    updated_at       TIMESTAMP     NOT NULL
);
