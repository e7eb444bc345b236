package io.twitterhelpdesk.broker;

/** Address settings the embedded broker applies to every address ({@code #}). */
public record BrokerSettings(String deadLetterAddress, String expiryAddress, int maxDeliveryAttempts, long redeliveryDelayMillis,
        int duplicateIdCacheSize) {
}
