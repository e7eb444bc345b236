package io.twitterhelpdesk.inbound;

import twitter4j.v1.RateLimitStatus;

/**
 * Told the outcome of every poll request that reached Twitter, with the rate limit Twitter announced (null when the
 * answer carried none): for the health checks (an account's last successful poll) and the metrics.
 */
public interface PollObserver {

    PollObserver NONE = new PollObserver() {
        @Override
        public void polled(String account, String channel, RateLimitStatus limit) {
        }

        @Override
        public void failed(String account, String channel, RateLimitStatus limit) {
        }
    };

    /** Twitter answered a poll of this account's channel. */
    void polled(String account, String channel, RateLimitStatus limit);

    /** A poll of this account's channel failed (429, 401, 5xx, no connection, an answer that does not parse). */
    void failed(String account, String channel, RateLimitStatus limit);

    /** Tells both. */
    static PollObserver both(PollObserver first, PollObserver second) {
        return new PollObserver() {
            @Override
            public void polled(String account, String channel, RateLimitStatus limit) {
                first.polled(account, channel, limit);
                second.polled(account, channel, limit);
            }

            @Override
            public void failed(String account, String channel, RateLimitStatus limit) {
                first.failed(account, channel, limit);
                second.failed(account, channel, limit);
            }
        };
    }
}
