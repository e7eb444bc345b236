package io.twitterhelpdesk.outbound;

import java.time.Instant;

/** Twitter answered 429 (or the connector's own throttle is spent): try again at {@link #retryAt()}. */
public class TwitterRateLimitedException extends Exception {

    private final Instant retryAt;

    public TwitterRateLimitedException(String message, Instant retryAt) {
        super(message);
        this.retryAt = retryAt;
    }

    public Instant retryAt() {
        return retryAt;
    }

    /** Epoch milliseconds, the form Artemis's scheduled-delivery property takes. */
    public long retryAtMillis() {
        return retryAt.toEpochMilli();
    }
}
