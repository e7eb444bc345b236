package io.twitterhelpdesk.inbound;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import twitter4j.TwitterException;
import twitter4j.v1.RateLimitStatus;

import static io.twitterhelpdesk.inbound.SandboxedAccounts.SALES;
import static io.twitterhelpdesk.inbound.SandboxedAccounts.SUPPORT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a channel is polled again after Twitter faults, with the exceptions and rate-limit headers the real twitter4j
 * client makes of the sandbox's answers: errors back off exponentially up to the maximum, a rate limit waits for the
 * announced reset, a success reopens at once.
 */
class PollGateTest {

    private static final Duration BACKOFF = Duration.ofSeconds(10);
    private static final Duration MAX = Duration.ofSeconds(60);
    private static final String ERROR_BODY = "{\"errors\":[{\"code\":131,\"message\":\"Internal error\"}]}";

    private final SandboxedAccounts x = new SandboxedAccounts();
    private final PollGate gate = new PollGate(x.clock, BACKOFF, MAX);

    @AfterEach
    void stop() {
        x.close();
    }

    private TwitterException serverError() {
        return x.mentionsFailure(() -> x.sandbox.failNext("mentions", 503, ERROR_BODY, 1));
    }

    /** Whether the gate is closed until exactly {@code delay} from now, and open from then on. */
    private void assertClosedFor(Duration delay) {
        Instant start = x.clock.instant();
        x.clock.set(start.plus(delay).minusMillis(1));
        assertThat(gate.isOpen(SUPPORT, PolledMessage.MENTION)).as("open 1 ms before %s", delay).isFalse();
        x.clock.set(start.plus(delay));
        assertThat(gate.isOpen(SUPPORT, PolledMessage.MENTION)).as("open after %s", delay).isTrue();
    }

    @Test
    void aChannelThatNeverFailedIsOpen() {
        assertThat(gate.isOpen(SUPPORT, PolledMessage.DM)).isTrue();
    }

    @Test
    void eachFurtherErrorDoublesTheBackoffUpToTheMaximum() {
        TwitterException error = serverError();
        assertThat(error.getStatusCode()).isEqualTo(503);

        for (Duration expected : new Duration[] {BACKOFF, BACKOFF.multipliedBy(2), BACKOFF.multipliedBy(4), MAX, MAX}) {
            gate.failed(SUPPORT, PolledMessage.MENTION, error);
            assertClosedFor(expected);
        }
    }

    @Test
    void aSuccessReopensTheChannelAndTheNextErrorStartsFromTheFirstBackoffAgain() {
        TwitterException error = serverError();
        for (int i = 0; i < 3; i++) {
            gate.failed(SUPPORT, PolledMessage.MENTION, error);
        }

        gate.succeeded(SUPPORT, PolledMessage.MENTION, null);
        assertThat(gate.isOpen(SUPPORT, PolledMessage.MENTION)).isTrue();

        gate.failed(SUPPORT, PolledMessage.MENTION, error);
        assertClosedFor(BACKOFF);
    }

    @Test
    void revokedCredentialsBackOffLikeAnyOtherError() {
        TwitterException unauthorized = x.mentionsFailure(() -> x.sandbox.failNext("mentions", 401,
                "{\"errors\":[{\"code\":89,\"message\":\"Invalid or expired token.\"}]}", 1));
        assertThat(unauthorized.getStatusCode()).isEqualTo(401);

        gate.failed(SUPPORT, PolledMessage.MENTION, unauthorized);

        assertClosedFor(BACKOFF);
    }

    @Test
    void aRateLimitClosesTheChannelUntilTheResetTwitterAnnouncedNotForTheBackoff() {
        Instant reset = x.clock.instant().plus(Duration.ofMinutes(15)).plusSeconds(1)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        TwitterException limited = x.mentionsFailure(() -> x.sandbox.failNextWithRateLimit("mentions", reset, 1));
        assertThat(limited.exceededRateLimitation()).isTrue();

        gate.failed(SUPPORT, PolledMessage.MENTION, limited);

        assertClosedFor(Duration.between(x.clock.instant(), reset));
    }

    @Test
    void aWindowSpentBySuccessfulCallsClosesTheChannelUntilItsResetBeforeA429Happens() throws TwitterException {
        x.sandbox.enableRateLimits();
        x.sandbox.setRateLimit("mentions", 1, Duration.ofMinutes(15));
        RateLimitStatus limit = x.client(SUPPORT).v1().timelines().getMentionsTimeline().getRateLimitStatus();
        assertThat(PollGate.spent(limit)).isTrue();

        gate.succeeded(SUPPORT, PolledMessage.MENTION, limit);

        assertClosedFor(Duration.between(x.clock.instant(), Instant.ofEpochSecond(limit.getResetTimeInSeconds())));
    }

    @Test
    void aWindowWithRequestsLeftKeepsTheChannelOpen() throws TwitterException {
        x.sandbox.enableRateLimits();
        RateLimitStatus limit = x.client(SUPPORT).v1().timelines().getMentionsTimeline().getRateLimitStatus();
        assertThat(limit.getRemaining()).isPositive();

        gate.succeeded(SUPPORT, PolledMessage.MENTION, limit);

        assertThat(gate.isOpen(SUPPORT, PolledMessage.MENTION)).isTrue();
    }

    @Test
    void aFailingChannelLeavesTheOtherChannelAndTheOtherAccountsOpen() {
        gate.failed(SUPPORT, PolledMessage.MENTION, serverError());

        assertThat(gate.isOpen(SUPPORT, PolledMessage.MENTION)).isFalse();
        assertThat(gate.isOpen(SUPPORT, PolledMessage.DM)).isTrue();
        assertThat(gate.isOpen(SALES, PolledMessage.MENTION)).isTrue();
    }
}
