package io.twitterhelpdesk.inbound;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.twitterhelpdesk.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A poller's scan of a backlog in progress, shared by the pollers: pages newest first down to the cursor, across
 * several polls when the backlog is longer than one poll may read, delivered oldest first once complete. What each
 * page found and the page token after it are kept in the state database (table {@code poll_scan_page}) as the scan
 * goes on, so a restart, or the instance that takes the account over, goes on where it stopped instead of fetching
 * those pages again; forgotten once the scan is complete.
 *
 * @param <T> what a page holds (twitter4j's DMs or statuses, X API v2 items)
 */
final class BacklogScan<T extends Serializable> {

    private static final Logger LOG = LoggerFactory.getLogger(BacklogScan.class);

    private final StateStore state;
    private final String account;
    private final String channel;
    private final List<T> found = new ArrayList<>();
    private final Set<String> seenTokens = new HashSet<>();
    private String nextToken;
    private int pages;

    private BacklogScan(StateStore state, String account, String channel) {
        this.state = state;
        this.account = account;
        this.channel = channel;
    }

    /** The scan of this account's channel kept in the state database, or a new one. */
    @SuppressWarnings("unchecked")
    static <T extends Serializable> BacklogScan<T> resume(StateStore state, String account, String channel) {
        BacklogScan<T> scan = new BacklogScan<>(state, account, channel);
        for (StateStore.ScanPage page : state.scanPages(account, channel)) {
            page.found().forEach(item -> scan.found.add((T) item));
            scan.nextToken = page.nextToken();
            if (page.nextToken() != null) {
                scan.seenTokens.add(page.nextToken());
            }
            scan.pages++;
        }
        if (scan.pages > 0) {
            LOG.info("{} backlog of account {}: going on with the scan kept before ({} pages, {} new)", channel,
                    account, scan.pages, scan.found.size());
        }
        return scan;
    }

    /** What the scan found so far (newest pages first). */
    List<T> found() {
        return found;
    }

    /** The token of the page to fetch next, or null: the newest page (or, for a max_id walk, below the oldest found). */
    String nextToken() {
        return nextToken;
    }

    /** Pages kept so far: more than 0 when the scan went on from an earlier poll or process. */
    int keptPages() {
        return pages;
    }

    /** Adds a page that completes the scan: nothing kept, the scan ends at this poll. */
    void last(List<T> fresh) {
        found.addAll(fresh);
    }

    /**
     * Adds a page after which the scan goes on at {@code next} (null for a walk that needs no token), and keeps it;
     * false, and nothing kept, when the API returned that token before (a loop: the scan ends there).
     */
    boolean goOn(List<T> fresh, String next) {
        found.addAll(fresh);
        if (next != null && !seenTokens.add(next)) {
            return false;
        }
        state.keepScanPage(account, channel, pages, next, fresh);
        pages++;
        nextToken = next;
        return true;
    }

    /** The scan is complete: its kept pages are forgotten. */
    void complete() {
        if (pages > 0) {
            state.dropScan(account, channel);
        }
    }
}
