package io.twitterhelpdesk.health;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.twitterhelpdesk.inbound.PollObserver;
import twitter4j.v1.RateLimitStatus;

/**
 * When this instance last heard from Twitter for each account: its last successful poll per channel, and its last
 * webhook call that passed the signature check. In memory: what the health check reports about this instance.
 */
public final class IngestionHeartbeats implements PollObserver {

    private final Clock clock;
    private final Map<String, Instant> polls = new ConcurrentHashMap<>();
    private final Map<String, Instant> webhooks = new ConcurrentHashMap<>();

    public IngestionHeartbeats(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void polled(String account, String channel, RateLimitStatus limit) {
        polls.put(account + "/" + channel, clock.instant());
    }

    @Override
    public void failed(String account, String channel, RateLimitStatus limit) {
        // the last successful poll stays what it was
    }

    /** A signed webhook call for this account was read. */
    public void webhook(String account) {
        webhooks.put(account, clock.instant());
    }

    public Optional<Instant> lastSuccessfulPoll(String account, String channel) {
        return Optional.ofNullable(polls.get(account + "/" + channel));
    }

    public Optional<Instant> lastWebhook(String account) {
        return Optional.ofNullable(webhooks.get(account));
    }
}
