package io.twitterhelpdesk.sandbox;

import java.time.Instant;

/** A V2 webhook registered with {@code POST /2/webhooks}; {@code valid} is the result of its latest CRC check. */
public record ActivityWebhook(String id, long appId, String url, boolean valid, Instant createdAt) {
}
