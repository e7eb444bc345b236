package io.twitterhelpdesk.broker;

/** Address settings the embedded broker applies to every address ({@code #}). */
public record BrokerSettings(String deadLetterAddress, int maxDeliveryAttempts, long redeliveryDelayMillis,
        int duplicateIdCacheSize) {
}
