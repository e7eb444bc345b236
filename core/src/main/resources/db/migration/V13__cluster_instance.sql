-- Leases renewed per instance, not per account (issue 22): each running instance has one row here, which it renews
-- every cluster.renew-interval by bumping version (one row written per renewal however many accounts it leads).
-- A cluster_lease row names its holder instance and is valid while that instance's row is here: another instance
-- deletes a row whose version it has seen unchanged for a whole cluster.lease-duration by its own clock (a
-- compare-and-set on the version), and may then take the leases that name it; a clean stop releases its leases
-- (holder '') and deletes its row. A deleted instance id never comes back: an instance that finds its row gone
-- renews under a new id. renewed_at is the holder's clock, for people reading the table only. Times are UTC.
CREATE TABLE cluster_instance (
    holder     VARCHAR(200) NOT NULL PRIMARY KEY,
    version    BIGINT       NOT NULL,
    renewed_at TIMESTAMP    NOT NULL
);

-- cluster_lease keeps its columns (an instance of an earlier version, during a rolling upgrade, still reads and
-- writes them): its version now moves only when the lease changes hands (taken, released), and renewed_at says when.
