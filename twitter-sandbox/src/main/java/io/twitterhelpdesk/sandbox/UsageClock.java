package io.twitterhelpdesk.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The sandbox's "now" for billing: the system clock, or an instant a test set, which then stands still until set
 * again, so that reads just before and just after a UTC midnight can be made on purpose. Only the usage ledger
 * follows it: OAuth 1.0a timestamps, token expiry, rate windows and created_at stay on the system clock, because
 * clients sign their requests with the real time.
 */
final class UsageClock extends Clock {

    private final Clock system = Clock.systemUTC();
    private volatile Instant fixed;

    /** Makes {@code now} the clock's instant from now on; null goes back to the system clock. */
    void set(Instant now) {
        fixed = now;
    }

    /** Whether a test set the instant. */
    boolean isSet() {
        return fixed != null;
    }

    @Override
    public Instant instant() {
        Instant now = fixed;
        return now != null ? now : system.instant();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the usage clock is UTC");
    }
}
