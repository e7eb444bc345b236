-- A poller's backlog scan in progress, page by page. A backlog larger than one poll's pages is scanned newest first
-- across several polls, and delivered oldest first once the scan reaches the cursor; what each page found (Java
-- serialization of the DMs or posts it holds) and the page token after it are kept here until the scan completes,
-- so a restart, or the instance that takes the account over, goes on where the scan stopped instead of fetching
-- those pages again (each read is billed, and the rate-limit window is spent on it).
CREATE TABLE poll_scan_page (
    account    VARCHAR(64) NOT NULL,
    channel    VARCHAR(16) NOT NULL,
    page       INT         NOT NULL,
    next_token VARCHAR(255),
    found      BYTEA       NOT NULL,
    PRIMARY KEY (account, channel, page)
);
