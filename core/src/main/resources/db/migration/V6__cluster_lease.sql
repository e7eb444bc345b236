-- Leases of the database cluster service (camel-master): which instance runs the master: routes of a namespace
-- (the pollers of one account). The holder bumps version to renew; another instance takes over when the version
-- stopped moving for a whole lease duration by its own clock, or at once when holder is '' (released on a clean
-- stop). renewed_at is the holder's clock, for people reading the table only. Times are UTC.
CREATE TABLE cluster_lease (
    namespace  VARCHAR(128) NOT NULL PRIMARY KEY,
    holder     VARCHAR(200) NOT NULL,
    version    BIGINT       NOT NULL,
    renewed_at TIMESTAMP    NOT NULL
);
