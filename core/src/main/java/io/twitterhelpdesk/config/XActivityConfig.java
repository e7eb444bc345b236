package io.twitterhelpdesk.config;

import java.time.Duration;
import java.util.Optional;

import org.apache.camel.PropertyInject;

/** The {@code xaa.*} keys: the X Activity API's webhook, subscriptions, stream and gap recovery. */
public final class XActivityConfig {

    @PropertyInject("xaa.webhook.url")
    private Optional<String> webhookUrl;
    @PropertyInject("xaa.subscription-tag-prefix")
    private String subscriptionTagPrefix;
    @PropertyInject("xaa.sync-interval")
    private Duration syncInterval;
    @PropertyInject("xaa.stream.stall-timeout")
    private Duration streamStallTimeout;
    @PropertyInject("xaa.stream.reconnect-delay")
    private Duration streamReconnectDelay;
    @PropertyInject("xaa.stream.reconnect-max-delay")
    private Duration streamReconnectMaxDelay;
    @PropertyInject("xaa.recovery-margin")
    private Duration recoveryMargin;
    @PropertyInject("xaa.checkpoint-interval")
    private Duration checkpointInterval;

    /** The public HTTPS URL X reaches the webhook at (accounts on xaa-webhook). */
    public Optional<String> webhookUrl() {
        return webhookUrl;
    }

    public String subscriptionTagPrefix() {
        return subscriptionTagPrefix;
    }

    public Duration syncInterval() {
        return syncInterval;
    }

    public Duration streamStallTimeout() {
        return streamStallTimeout;
    }

    public Duration streamReconnectDelay() {
        return streamReconnectDelay;
    }

    public Duration streamReconnectMaxDelay() {
        return streamReconnectMaxDelay;
    }

    public Duration recoveryMargin() {
        return recoveryMargin;
    }

    public Duration checkpointInterval() {
        return checkpointInterval;
    }
}
