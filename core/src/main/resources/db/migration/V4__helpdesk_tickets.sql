-- HTTP delivery to helpdesks (times stored as UTC).

-- One ticket per conversation and helpdesk: the id the helpdesk answered the create call with. A ticket the
-- helpdesk reported gone or closed keeps its row with closed_at set; the next message creates a new ticket,
-- which replaces the row.
CREATE TABLE helpdesk_ticket (
    helpdesk         VARCHAR(64)  NOT NULL,
    conversation_key VARCHAR(128) NOT NULL,
    ticket_id        VARCHAR(128) NOT NULL,
    created_at       TIMESTAMP    NOT NULL,
    closed_at        TIMESTAMP    NULL,
    PRIMARY KEY (helpdesk, conversation_key)
);

-- Envelopes a helpdesk answered 2xx for, written in the same transaction as the ticket: a redelivery of the JMS
-- message after that (crash before the queue's commit) is skipped instead of posted twice.
CREATE TABLE helpdesk_delivery (
    helpdesk     VARCHAR(64)  NOT NULL,
    envelope_id  VARCHAR(64)  NOT NULL,
    ticket_id    VARCHAR(128) NOT NULL,
    delivered_at TIMESTAMP    NOT NULL,
    PRIMARY KEY (helpdesk, envelope_id)
);
