package io.twitterhelpdesk.inbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import io.twitterhelpdesk.cost.SpendCap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import twitter4j.TwitterException;
import twitter4j.v1.RateLimitStatus;

/**
 * Decides when an account's channel may be polled again. A 429 (or a spent {@code x-rate-limit-remaining}) closes
 * the gate until the window resets; any other failure (401, 5xx, an answer that does not parse, a refused
 * connection) closes it for an exponential backoff. Each failure is logged as one line, without a stack trace.
 * A reached daily spend cap ({@link SpendCap}) keeps a due poll from running: one INFO line when a channel's polls
 * pause, one when they go again; a channel the X Activity API pushes as well pauses from 80 % of the cap.
 */
public final class PollGate {

    private static final Logger LOG = LoggerFactory.getLogger(PollGate.class);

    private final Clock clock;
    private final Duration backoff;
    private final Duration maxBackoff;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final PollObserver observer;
    private final SpendCap cap;
    private final Predicate<String> pushedToo;
    private final Set<String> paused = ConcurrentHashMap.newKeySet();

    public PollGate(Clock clock, Duration backoff, Duration maxBackoff) {
        this(clock, backoff, maxBackoff, PollObserver.NONE);
    }

    /** With an observer told every poll's outcome (health checks, metrics). */
    public PollGate(Clock clock, Duration backoff, Duration maxBackoff, PollObserver observer) {
        this(clock, backoff, maxBackoff, observer, SpendCap.none(), account -> false);
    }

    /**
     * With the daily spend cap the polls stop at.
     *
     * @param pushedToo whether the X Activity API pushes an account's messages as well (its polls are optional spend)
     */
    public PollGate(Clock clock, Duration backoff, Duration maxBackoff, PollObserver observer, SpendCap cap,
            Predicate<String> pushedToo) {
        this.clock = clock;
        this.backoff = backoff;
        this.maxBackoff = maxBackoff;
        this.observer = observer;
        this.cap = cap;
        this.pushedToo = pushedToo;
    }

    private record State(Instant openAt, int failures) {
    }

    /** Whether a due poll of the channel may run now: no failure waits it out, and no spend cap stops it. */
    public boolean isOpen(String account, String channel) {
        String key = key(account, channel);
        State state = states.get(key);
        if (state != null && clock.instant().isBefore(state.openAt())) {
            return false;
        }
        if (!cap.capsAnything()) {
            return true;
        }
        Optional<String> capped = cap.refusal(account,
                pushedToo.test(account) ? SpendCap.Spend.OPTIONAL : SpendCap.Spend.NEEDED);
        if (capped.isPresent()) {
            if (paused.add(key)) {
                LOG.info("Polling {} of account {} paused by the daily spend cap: {}", channel, account, capped.get());
            }
            return false;
        }
        if (paused.remove(key)) {
            LOG.info("Polling {} of account {} goes again: the daily spend cap no longer stops it", channel, account);
        }
        return true;
    }

    /**
     * Whether this answer spent the rate-limit window: a poll stops paging there (the next page would be a 429, a
     * wasted request) and {@link #succeeded} closes the gate until the reset.
     */
    public static boolean spent(RateLimitStatus limit) {
        return limit != null && limit.getRemaining() == 0 && limit.getResetTimeInSeconds() > 0;
    }

    /** A call succeeded; if it spent the window, wait for its reset before the next poll. */
    public void succeeded(String account, String channel, RateLimitStatus limit) {
        observer.polled(account, channel, limit);
        String key = key(account, channel);
        if (spent(limit)) {
            Instant reset = Instant.ofEpochSecond(limit.getResetTimeInSeconds());
            states.put(key, new State(reset, 0));
            LOG.info("Rate limit window of {} {} polling spent: next poll after {}", account, channel, reset);
        } else {
            states.remove(key);
        }
    }

    /** A call failed: log one line and close the gate for as long as the failure asks. */
    public void failed(String account, String channel, TwitterException e) {
        observer.failed(account, channel, e.getRateLimitStatus());
        String key = key(account, channel);
        int failures = states.containsKey(key) ? states.get(key).failures() + 1 : 1;
        Instant now = clock.instant();
        if (e.exceededRateLimitation()) {
            Instant reset = resetOf(e.getRateLimitStatus()).orElse(now.plus(delay(failures)));
            states.put(key, new State(reset, failures));
            LOG.warn("Twitter rate limit hit polling {} of account {} (HTTP {}{}): next poll after {}",
                    channel, account, e.getStatusCode(), e.getErrorCode() > 0 ? ", code " + e.getErrorCode() : "",
                    reset);
            return;
        }
        Instant retry = now.plus(delay(failures)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        states.put(key, new State(retry, failures));
        LOG.warn("Polling {} of account {} failed ({}): retrying after {}", channel, account, describe(e), retry);
    }

    private Duration delay(int failures) {
        Duration d = backoff.multipliedBy(1L << Math.min(failures - 1, 20));
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    private static java.util.Optional<Instant> resetOf(RateLimitStatus status) {
        if (status == null || status.getResetTimeInSeconds() <= 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Instant.ofEpochSecond(status.getResetTimeInSeconds()));
    }

    /** One readable cause: HTTP status and Twitter error, or the I/O or parse problem. */
    static String describe(TwitterException e) {
        if (e.getStatusCode() > 0) {
            String text = e.getErrorMessage() != null ? e.getErrorMessage() : firstLine(e.getMessage());
            return "HTTP " + e.getStatusCode() + (e.getErrorCode() > 0 ? ", code " + e.getErrorCode() : "")
                    + ": " + text;
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + ": " + firstLine(cause.getMessage());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static String key(String account, String channel) {
        return account + "/" + channel;
    }
}
