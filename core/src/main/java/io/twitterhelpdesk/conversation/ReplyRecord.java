package io.twitterhelpdesk.conversation;

import java.time.Instant;

/** An agent's reply by its idempotency key, with its status: queued, sending, sent, rejected or failed. */
public record ReplyRecord(String replyId, String conversationKey, String status, String twitterId, String errorCode,
                          String errorMessage, Instant createdAt, Instant updatedAt) {
}
