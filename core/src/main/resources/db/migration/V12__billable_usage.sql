-- What X bills under pay-per-use, as the connector's cost meter counts it (cost.CostMeter, state.BillableUsage).
-- Shared by every instance on this state database: the database, not an instance's memory, decides what is billed.

-- The resources read on a UTC day, per app (X's consumer key): the first read of a resource on a day is billed, any
-- later read of it that day is not (X's 24-hour deduplication). Rows of days before yesterday are deleted.
CREATE TABLE billed_read (
    usage_day   DATE         NOT NULL,
    app         VARCHAR(128) NOT NULL,
    kind        VARCHAR(16)  NOT NULL,
    resource_id VARCHAR(64)  NOT NULL,
    PRIMARY KEY (usage_day, app, kind, resource_id)
);

-- Units billed per UTC day, app, account (the X user id of the request's user context; '' for an app-only request
-- about no user) and unit, with their estimated cost in the currency of cost.currency at the rates of the time.
CREATE TABLE billable_usage (
    usage_day  DATE           NOT NULL,
    app        VARCHAR(128)   NOT NULL,
    account_id VARCHAR(32)    NOT NULL,
    unit       VARCHAR(32)    NOT NULL,
    units      BIGINT         NOT NULL,
    cost       DECIMAL(20, 6) NOT NULL,
    PRIMARY KEY (usage_day, app, account_id, unit)
);
CREATE INDEX billable_usage_account ON billable_usage (account_id, usage_day);
