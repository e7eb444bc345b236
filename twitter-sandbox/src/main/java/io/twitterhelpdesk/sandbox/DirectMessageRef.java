package io.twitterhelpdesk.sandbox;

/** Identifies an injected direct message event. */
public record DirectMessageRef(long id, long senderId, long recipientId) {
}
