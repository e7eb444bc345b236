-- Times are stored as UTC (TIMESTAMP without time zone, written and read as UTC by ChannelActivityStore).

-- Per company account and channel ('dm', 'mention'): when the connector last delivered a customer message on it
-- (by the connector's clock; before the first message ever, when the connector started watching the channel),
-- and the silent-channel alert raised on it, if any: when it was raised and the last message time it reported.
CREATE TABLE channel_activity (
    account         VARCHAR(64) NOT NULL,
    channel         VARCHAR(16) NOT NULL,
    last_message_at TIMESTAMP   NOT NULL,
    alert_raised_at TIMESTAMP   NULL,
    silent_since    TIMESTAMP   NULL,
    PRIMARY KEY (account, channel)
);
