package io.twitterhelpdesk.config;

import java.time.Duration;

import org.apache.camel.PropertyInject;

/**
 * The {@code outbound.*} keys the reply side is built with: how many senders take replies and how many a sender takes
 * in one broker transaction, Twitter's DM window, the per-account send budgets (rolling and daily), and what media a
 * reply may carry. (Queues and retries are read by routes/replies.camel.yaml.)
 */
public final class OutboundConfig implements Settings.Checked {

    @PropertyInject("outbound.concurrent-consumers")
    private int concurrentConsumers;
    @PropertyInject("outbound.sender-batch")
    private int senderBatch;
    @PropertyInject("outbound.dm.max-per-window")
    private int dmMaxPerWindow;
    @PropertyInject("outbound.dm.window")
    private Duration dmWindow;
    @PropertyInject("outbound.dm.budget")
    private int dmBudget;
    @PropertyInject("outbound.dm.budget-window")
    private Duration dmBudgetWindow;
    @PropertyInject("outbound.tweet.budget")
    private int tweetBudget;
    @PropertyInject("outbound.tweet.budget-window")
    private Duration tweetBudgetWindow;
    @PropertyInject("outbound.dm.daily-budget")
    private int dmDailyBudget;
    @PropertyInject("outbound.tweet.daily-budget")
    private int tweetDailyBudget;
    @PropertyInject("outbound.media.max-bytes")
    private Settings.ByteSize mediaMaxBytes;
    @PropertyInject("outbound.media.allowed-types")
    private String mediaAllowedTypes;
    @PropertyInject("outbound.media.fetch-timeout")
    private Duration mediaFetchTimeout;
    @PropertyInject("outbound.url-replies")
    private String urlReplies;

    /**
     * What becomes of a public reply whose text holds a link (X bills such a post $0.200 instead of $0.015):
     * {@code allow} posts it, {@code refuse} rejects it ({@code url_reply_refused}), {@code dm-instead} sends it to
     * the customer by DM (who must have DMed the account: else rejected {@code url_reply_needs_dm}).
     */
    public enum UrlReplies {
        ALLOW("allow"), REFUSE("refuse"), DM_INSTEAD("dm-instead");

        private final String key;

        UrlReplies(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    @Override
    public void check(String prefix) {
        urlReplies();
        if (concurrentConsumers < 1) {
            throw new IllegalArgumentException("outbound.concurrent-consumers must be at least 1, not "
                    + concurrentConsumers);
        }
        if (senderBatch < 1) {
            throw new IllegalArgumentException("outbound.sender-batch must be at least 1, not " + senderBatch);
        }
        if (mediaMaxBytes.bytes() <= 0 || mediaMaxBytes.bytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("outbound.media.max-bytes must be more than 0 and less than 2GB, not "
                    + mediaMaxBytes.bytes() + " bytes");
        }
        if (mediaFetchTimeout.isZero() || mediaFetchTimeout.isNegative()) {
            throw new IllegalArgumentException("outbound.media.fetch-timeout must be positive, not "
                    + mediaFetchTimeout);
        }
    }

    /** {@code outbound.url-replies}; an unknown value is refused naming the key. */
    public UrlReplies urlReplies() {
        for (UrlReplies value : UrlReplies.values()) {
            if (value.key().equals(urlReplies == null ? null : urlReplies.trim())) {
                return value;
            }
        }
        throw new IllegalArgumentException("outbound.url-replies must be allow, refuse or dm-instead, not '"
                + urlReplies + "'");
    }

    /** Senders taking replies at once (each conversation's in order, by message group). */
    public int concurrentConsumers() {
        return concurrentConsumers;
    }

    /** The most replies one sender takes in one broker transaction (their status events committed together). */
    public int senderBatch() {
        return senderBatch;
    }

    /** Messages to one customer within {@link #dmWindow} after their last message. */
    public int dmMaxPerWindow() {
        return dmMaxPerWindow;
    }

    public Duration dmWindow() {
        return dmWindow;
    }

    public int dmBudget() {
        return dmBudget;
    }

    public Duration dmBudgetWindow() {
        return dmBudgetWindow;
    }

    public int tweetBudget() {
        return tweetBudget;
    }

    public Duration tweetBudgetWindow() {
        return tweetBudgetWindow;
    }

    /**
     * Each account's DMs per rolling 24 hours unless it sets its own ({@code twitter.account.<name>.dm-daily-budget});
     * 0: none.
     */
    public int dmDailyBudget() {
        return dmDailyBudget;
    }

    public int tweetDailyBudget() {
        return tweetDailyBudget;
    }

    /** The largest media file a reply may carry, in bytes (less than 2 GB). */
    public int mediaMaxBytes() {
        return (int) mediaMaxBytes.bytes();
    }

    /** The comma-separated media types a reply may carry, as written. */
    public String mediaAllowedTypes() {
        return mediaAllowedTypes;
    }

    public Duration mediaFetchTimeout() {
        return mediaFetchTimeout;
    }
}
