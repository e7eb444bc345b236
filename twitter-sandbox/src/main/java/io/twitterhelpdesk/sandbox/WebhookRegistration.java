package io.twitterhelpdesk.sandbox;

import java.time.Instant;

/**
 * The registered Account Activity webhook. {@code valid} turns false when a re-run CRC check fails; events are not
 * delivered until a later check passes (as on Twitter).
 */
public record WebhookRegistration(String url, boolean valid, Instant registeredAt) {
}
