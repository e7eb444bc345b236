-- Ids already delivered, per processor (the layout camel-sql's JdbcMessageIdRepository reads and writes).
CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName VARCHAR(255) NOT NULL,
    messageId     VARCHAR(100) NOT NULL,
    createdAt     TIMESTAMP,
    PRIMARY KEY (processorName, messageId)
);

-- Where each account's poller stopped: the highest Twitter id handled per channel ('dm', 'mention').
CREATE TABLE poll_cursor (
    account    VARCHAR(64) NOT NULL,
    channel    VARCHAR(16) NOT NULL,
    last_id    BIGINT      NOT NULL,
    updated_at TIMESTAMP   NOT NULL,
    PRIMARY KEY (account, channel)
);

-- Which public thread a tweet belongs to: its root tweet id (the conversation key of mentions).
CREATE TABLE tweet_thread (
    tweet_id   BIGINT    NOT NULL PRIMARY KEY,
    root_id    BIGINT    NOT NULL,
    created_at TIMESTAMP NOT NULL
);
