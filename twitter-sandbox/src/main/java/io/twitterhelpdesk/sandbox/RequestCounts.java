package io.twitterhelpdesk.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests received per endpoint, refused ones included; shared by the v1.1 and v2 handlers. Also the cursor of
 * each page of the DM list served (answered, not refused), in order: what tells a page fetched twice from a new poll.
 */
final class RequestCounts {

    private final Map<SandboxEndpoint, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<String> dmListCursors = new ArrayList<>();

    void increment(SandboxEndpoint endpoint) {
        counts.computeIfAbsent(endpoint, e -> new AtomicInteger()).incrementAndGet();
    }

    int get(SandboxEndpoint endpoint) {
        AtomicInteger count = counts.get(endpoint);
        return count == null ? 0 : count.get();
    }

    /** A page of the DM list served for this cursor ({@code ""}: the newest page, without a cursor). */
    synchronized void dmListPageServed(String cursor) {
        dmListCursors.add(cursor == null ? "" : cursor);
    }

    synchronized List<String> dmListCursors() {
        return List.copyOf(dmListCursors);
    }

    synchronized void reset() {
        counts.clear();
        dmListCursors.clear();
    }
}
