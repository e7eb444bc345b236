package io.twitterhelpdesk.sandbox;

import java.time.Instant;

/** A direct message an account sent through {@code POST direct_messages/events/new}. */
public record SentDirectMessage(long id, String fromScreenName, long recipientId, String toScreenName, String text,
                                Instant createdAt) {
}
