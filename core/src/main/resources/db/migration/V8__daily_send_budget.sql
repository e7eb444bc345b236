-- Times are stored as UTC (TIMESTAMP without time zone, written and read as UTC by DailySendBudget).

-- One row per reply that took (or holds) a slot of its account's daily send budget: counted over the last 24 hours
-- per account and mode ('DM', 'PUBLIC'), so the budget survives a restart and is shared by every instance.
-- A reply that was not sent after all gives its row back; rows older than the window are deleted as sends go on.
CREATE TABLE daily_send (
    reply_id VARCHAR(128) NOT NULL PRIMARY KEY,
    account  VARCHAR(64)  NOT NULL,
    mode     VARCHAR(16)  NOT NULL,
    sent_at  TIMESTAMP    NOT NULL
);
CREATE INDEX daily_send_window ON daily_send (account, mode, sent_at);
