package io.twitterhelpdesk.sandbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Requests received per endpoint, refused ones included; shared by the v1.1 and v2 handlers. */
final class RequestCounts {

    private final Map<SandboxEndpoint, AtomicInteger> counts = new ConcurrentHashMap<>();

    void increment(SandboxEndpoint endpoint) {
        counts.computeIfAbsent(endpoint, e -> new AtomicInteger()).incrementAndGet();
    }

    int get(SandboxEndpoint endpoint) {
        AtomicInteger count = counts.get(endpoint);
        return count == null ? 0 : count.get();
    }

    void reset() {
        counts.clear();
    }
}
