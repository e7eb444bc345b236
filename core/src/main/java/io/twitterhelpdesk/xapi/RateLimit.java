package io.twitterhelpdesk.xapi;

import java.time.Instant;
import java.util.Map;

import twitter4j.v1.RateLimitStatus;

/**
 * The {@code x-rate-limit-*} headers of an X API v2 answer, in twitter4j's shape so the connector's poll gate and
 * reply retry read v1.1 and v2 limits the same way.
 */
public record RateLimit(int limit, int remaining, int resetTimeInSeconds) implements RateLimitStatus {

    /** The limit in these headers (names in any case), or null when they carry none. */
    public static RateLimit of(Map<String, Object> headers) {
        Integer remaining = number(header(headers, "x-rate-limit-remaining"));
        Integer reset = number(header(headers, "x-rate-limit-reset"));
        if (remaining == null || reset == null) {
            return null;
        }
        Integer limit = number(header(headers, "x-rate-limit-limit"));
        return new RateLimit(limit == null ? -1 : limit, remaining, reset);
    }

    private static Object header(Map<String, Object> headers, String name) {
        Object exact = headers.get(name);
        if (exact != null) {
            return exact;
        }
        return headers.entrySet().stream().filter(e -> name.equalsIgnoreCase(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    private static Integer number(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public int getRemaining() {
        return remaining;
    }

    @Override
    public int getLimit() {
        return limit;
    }

    @Override
    public int getResetTimeInSeconds() {
        return resetTimeInSeconds;
    }

    @Override
    public int getSecondsUntilReset() {
        return (int) Math.max(0, resetTimeInSeconds - Instant.now().getEpochSecond());
    }
}
