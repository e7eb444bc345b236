-- Times are stored as UTC (TIMESTAMP without time zone, written and read as UTC by ActivityPositions).

-- How far each X Activity API delivery path ('stream', 'webhook') is known to be complete: every event X sent before
-- this time was delivered. A gap after it (the connector stopped, the stream dropped, the webhook answered 503) is
-- recovered from it: the stream's backfill or recovery window, or a webhook replay job.
CREATE TABLE activity_position (
    source      VARCHAR(16) NOT NULL,
    complete_at TIMESTAMP   NOT NULL,
    PRIMARY KEY (source)
);
