-- The X media id uploaded for a reply's media item, and when X stops accepting it (UTC): a reply sent again after a
-- failed send, a 429 or a restart attaches the same upload instead of uploading the file twice.
ALTER TABLE reply ADD COLUMN media_id VARCHAR(32);
ALTER TABLE reply ADD COLUMN media_expires_at TIMESTAMP;
