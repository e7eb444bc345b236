-- The customers the connector looked up on X (users/lookup, $0.010 a user under pay-per-use), with the UTC day of the
-- look-up: a user looked up today is answered from here by every instance, also after a restart, and asked again
-- at most once a day (so a renamed customer shows under the new name from the next day on). One row per user.
CREATE TABLE looked_up_user (
    user_id      VARCHAR(32)  NOT NULL PRIMARY KEY,
    screen_name  VARCHAR(64)  NOT NULL,
    display_name VARCHAR(200),
    looked_up_on DATE         NOT NULL
);
