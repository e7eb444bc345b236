-- Which spend cap alerts were sent, per cap ('*' for the global cap, else the account's name), UTC day and kind
-- (spend_cap_warning, spend_cap_reached, spend_cap_lifted): each is sent once, by whichever instance records it
-- first, also across restarts; a reached day without its lifted row gets it at the next check after the day ended.
CREATE TABLE spend_cap_alert (
    cap_scope  VARCHAR(64) NOT NULL,
    usage_day  DATE        NOT NULL,
    kind       VARCHAR(32) NOT NULL,
    PRIMARY KEY (cap_scope, usage_day, kind)
);
