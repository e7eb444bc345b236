package io.twitterhelpdesk.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Queued canned answers that replace the next requests to an endpoint, for error-handling tests. */
final class FaultInjector {

    /**
     * A canned answer; {@code rateLimitReset} (epoch seconds) adds exhausted x-rate-limit headers when not null;
     * {@code delayMillis} holds the answer back that long (a slow API, beyond a client's read timeout).
     */
    record Fault(int status, String body, Long rateLimitReset, long delayMillis) {
        Fault(int status, String body, Long rateLimitReset) {
            this(status, body, rateLimitReset, 0);
        }
    }

    private final Map<SandboxEndpoint, Deque<Fault>> faults = new EnumMap<>(SandboxEndpoint.class);

    synchronized void add(SandboxEndpoint endpoint, Fault fault, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
        if (fault.status() < 100 || fault.status() > 599) {
            throw new IllegalArgumentException("HTTP status must be 100-599");
        }
        Deque<Fault> queue = faults.computeIfAbsent(endpoint, e -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(fault);
        }
    }

    synchronized Optional<Fault> take(SandboxEndpoint endpoint) {
        Deque<Fault> queue = faults.get(endpoint);
        return Optional.ofNullable(queue == null ? null : queue.poll());
    }

    synchronized void reset() {
        faults.clear();
    }
}
