package io.twitterhelpdesk.sandbox;

import java.time.Instant;
import java.util.List;

/**
 * A direct message an account sent through {@code POST direct_messages/events/new} (v1.1) or
 * {@code POST /2/dm_conversations/with/:participant_id/messages} (v2); {@code text} as sent (URLs shown as t.co
 * links), {@code mediaIds} the attached media ids (v2 only; the sandbox has no media upload).
 */
public record SentDirectMessage(long id, String fromScreenName, long recipientId, String toScreenName, String text,
                                List<Long> mediaIds, Instant createdAt) {
}
