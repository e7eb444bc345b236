package io.twitterhelpdesk.account;

import java.util.Arrays;
import java.util.Optional;

/**
 * How an account's DMs and mentions reach the connector ({@code twitter.account.<name>.ingestion}).
 * <ul>
 * <li>{@code poll}: the pollers fetch them (v1.1 or X API v2);</li>
 * <li>{@code webhook}: the legacy Account Activity API pushes them to the webhook (X ends it on 2027-01-01);</li>
 * <li>{@code xaa-webhook}: the X Activity API pushes them to the same webhook, registered by the connector;</li>
 * <li>{@code xaa-stream}: the connector holds the X Activity API stream open; no public URL needed.</li>
 * </ul>
 */
public enum Ingestion {
    POLL("poll"),
    WEBHOOK("webhook"),
    XAA_WEBHOOK("xaa-webhook"),
    XAA_STREAM("xaa-stream");

    private final String key;

    Ingestion(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** Whether the X Activity API brings the account's messages (subscriptions are kept for it). */
    public boolean activityApi() {
        return this == XAA_WEBHOOK || this == XAA_STREAM;
    }

    /** Whether pushes reach the connector's webhook (the app's consumer secret signs them). */
    public boolean webhook() {
        return this == WEBHOOK || this == XAA_WEBHOOK;
    }

    public static Optional<Ingestion> ofKey(String key) {
        return Arrays.stream(values()).filter(i -> i.key.equals(key)).findFirst();
    }

    @Override
    public String toString() {
        return key;
    }
}
