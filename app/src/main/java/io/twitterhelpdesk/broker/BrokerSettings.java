package io.twitterhelpdesk.broker;

/**
 * Address settings the embedded broker applies to every address ({@code #}). A rolled-back message waits
 * {@code redeliveryDelayMillis}, multiplied by {@code redeliveryMultiplier} after each failed delivery, at most
 * {@code maxRedeliveryDelayMillis}.
 */
public record BrokerSettings(String deadLetterAddress, String expiryAddress, int maxDeliveryAttempts, long redeliveryDelayMillis,
        double redeliveryMultiplier, long maxRedeliveryDelayMillis, int duplicateIdCacheSize) {
}
