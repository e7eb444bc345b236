package io.twitterhelpdesk.config;

import java.time.Duration;

import org.apache.camel.PropertyInject;

/**
 * The {@code inbound.*} keys the pollers are built with: page sizes, requests per poll, error backoff; and the intake
 * queue's processing (consumers, batch). (The poll
 * delays, inboxes and silence alerts are the defaults of per-account keys, read with the accounts by
 * {@code account.AccountRegistry}.)
 */
public final class InboundConfig implements Settings.Checked {

    @PropertyInject("inbound.dm.page-size")
    private int dmPageSize;
    @PropertyInject("inbound.mention.page-size")
    private int mentionPageSize;
    @PropertyInject("inbound.v2.dm.page-size")
    private int v2DmPageSize;
    @PropertyInject("inbound.v2.mention.page-size")
    private int v2MentionPageSize;
    @PropertyInject("inbound.max-pages-per-poll")
    private int maxPagesPerPoll;
    @PropertyInject("inbound.poll-threads")
    private int pollThreads;
    @PropertyInject("inbound.intake-consumers")
    private int intakeConsumers;
    @PropertyInject("inbound.intake-batch")
    private int intakeBatch;
    @PropertyInject("inbound.error-backoff")
    private Duration errorBackoff;
    @PropertyInject("inbound.initial-delay")
    private Duration initialDelay;
    @PropertyInject("inbound.error-backoff-max")
    private Duration errorBackoffMax;

    @Override
    public void check(String prefix) {
        positive("inbound.dm.page-size", dmPageSize);
        positive("inbound.mention.page-size", mentionPageSize);
        positive("inbound.v2.dm.page-size", v2DmPageSize);
        positive("inbound.v2.mention.page-size", v2MentionPageSize);
        positive("inbound.max-pages-per-poll", maxPagesPerPoll);
        positive("inbound.poll-threads", pollThreads);
        positive("inbound.intake-consumers", intakeConsumers);
        positive("inbound.intake-batch", intakeBatch);
    }

    private static void positive(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, not " + value);
        }
    }

    public int dmPageSize() {
        return dmPageSize;
    }

    public int mentionPageSize() {
        return mentionPageSize;
    }

    public int v2DmPageSize() {
        return v2DmPageSize;
    }

    public int v2MentionPageSize() {
        return v2MentionPageSize;
    }

    /** The threads that run every account's due polls (one shared scheduler, not a thread per poller). */
    public int pollThreads() {
        return pollThreads;
    }

    /** How many consumers take batches of the intake queue at once (one conversation's in order: message groups). */
    public int intakeConsumers() {
        return intakeConsumers;
    }

    /** The most intake messages one consumer processes in one broker transaction. */
    public int intakeBatch() {
        return intakeBatch;
    }

    /** From the start of the polling (route account-poll) to each account's first poll. */
    public Duration initialDelay() {
        return initialDelay;
    }

    public int maxPagesPerPoll() {
        return maxPagesPerPoll;
    }

    /** The wait after a failed poll, doubling up to {@link #errorBackoffMax}. */
    public Duration errorBackoff() {
        return errorBackoff;
    }

    public Duration errorBackoffMax() {
        return errorBackoffMax;
    }
}
