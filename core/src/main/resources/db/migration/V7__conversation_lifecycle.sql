-- The current conversation (session) of each stable conversation key (twitter:dm:<account>:<customer>,
-- twitter:thread:<root>). conversation_id is '<conversation key>@<envelope id of the message that opened it>', so a
-- message processed again after a crash gets the id it got the first time. A conversation ends when closed_at is set
-- (REST close or the JMS close command) or, decided lazily when the next message arrives, when that message came
-- more than conversation.inactivity-timeout after last_message_at; the next message then replaces the row with a new
-- conversation. Message ids are Twitter ids (time ordered). Times are UTC; last_message_at is the customer's message
-- time as Twitter reports it, closed_at the connector's clock.
CREATE TABLE conversation (
    conversation_key VARCHAR(128) NOT NULL PRIMARY KEY,
    conversation_id  VARCHAR(200) NOT NULL,
    opened_by_id     BIGINT       NOT NULL,
    last_message_id  BIGINT       NOT NULL,
    last_message_at  TIMESTAMP    NOT NULL,
    closed_at        TIMESTAMP    NULL
);
