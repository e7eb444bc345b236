package io.twitterhelpdesk.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** Fixed-window rate limits per authenticated user and endpoint, defaulting to Twitter's real limits. */
final class RateLimiter {

    /** What the {@code x-rate-limit-*} headers report after a request; {@code allowed} false means 429. */
    record Status(int limit, int remaining, long resetEpochSeconds, boolean allowed) {
    }

    private record Limit(int limit, Duration window) {
    }

    private record Key(long userId, SandboxEndpoint endpoint) {
    }

    private static final class Window {
        final long resetMillis;
        int used;

        Window(long resetMillis) {
            this.resetMillis = resetMillis;
        }
    }

    private final Clock clock;
    private final Map<SandboxEndpoint, Limit> limits = new EnumMap<>(SandboxEndpoint.class);
    private final Map<Key, Window> windows = new HashMap<>();
    private boolean enabled = true;
    private double windowScale = 1.0;

    RateLimiter(Clock clock) {
        this.clock = clock;
        for (SandboxEndpoint e : SandboxEndpoint.values()) {
            limits.put(e, new Limit(e.defaultLimit(), e.defaultWindow()));
        }
    }

    synchronized void setLimit(SandboxEndpoint endpoint, int limit, Duration window) {
        if (limit < 0 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("limit must be >= 0 and window positive");
        }
        limits.put(endpoint, new Limit(limit, window));
        windows.keySet().removeIf(k -> k.endpoint() == endpoint);
    }

    synchronized void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** Multiplies every window by {@code factor} (e.g. 0.01 turns 15 minutes into 9 seconds). */
    synchronized void scaleWindows(double factor) {
        if (factor <= 0) {
            throw new IllegalArgumentException("factor must be positive");
        }
        windowScale = factor;
        windows.clear();
    }

    synchronized void reset() {
        windows.clear();
    }

    /** Counts one request and reports the window state. */
    synchronized Status acquire(long userId, SandboxEndpoint endpoint) {
        Limit limit = limits.get(endpoint);
        long now = clock.millis();
        long windowMillis = Math.max(1, (long) (limit.window().toMillis() * windowScale));
        Window window = windows.get(new Key(userId, endpoint));
        if (window == null || now >= window.resetMillis) {
            window = new Window(now + windowMillis);
            windows.put(new Key(userId, endpoint), window);
        }
        long reset = (window.resetMillis + 999) / 1000;
        if (!enabled) {
            return new Status(limit.limit(), limit.limit(), reset, true);
        }
        if (window.used >= limit.limit()) {
            return new Status(limit.limit(), 0, reset, false);
        }
        window.used++;
        return new Status(limit.limit(), limit.limit() - window.used, reset, true);
    }
}
