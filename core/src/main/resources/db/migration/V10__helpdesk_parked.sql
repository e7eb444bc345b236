-- Conversations with a message parked on a helpdesk's dead-letter queue (times stored as UTC). While a row is here,
-- later messages of the conversation are parked behind it (never delivered ahead of it); a dead-letter replay
-- puts them back in order and removes the rows it covered (parked_at before the replay began). envelope_id is the
-- first message parked; parked_at the last time a message of the conversation was parked.
CREATE TABLE helpdesk_parked (
    helpdesk         VARCHAR(64)  NOT NULL,
    conversation_key VARCHAR(128) NOT NULL,
    envelope_id      VARCHAR(64)  NOT NULL,
    parked_at        TIMESTAMP    NOT NULL,
    PRIMARY KEY (helpdesk, conversation_key)
);
