-- The intake message that delivered each id (null: delivered by a poller or another source outside the intake).
-- Written in the same state commit as the id, before the broker commits that intake message's transaction: when
-- the broker hands the same intake message again (its transaction rolled back, its envelopes never committed), the
-- ids it recorded itself are delivered again instead of dropped as duplicates.
ALTER TABLE CAMEL_MESSAGEPROCESSED ADD COLUMN intakeId VARCHAR(64);
