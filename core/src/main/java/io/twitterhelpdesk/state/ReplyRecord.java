package io.twitterhelpdesk.state;

import java.time.Instant;

/**
 * An agent's reply by its idempotency key, as the {@link ReplyLedger} holds it: its state, and its outcome (Twitter's
 * id when sent, the error when rejected or failed). {@code updatedAt} is the time of its last transition: for a reply
 * in {@code SENDING}, when that attempt began.
 */
public record ReplyRecord(String replyId, String conversationKey, ReplyState state, String twitterId,
                          String errorCode, String errorMessage, Instant createdAt, Instant updatedAt) {
}
