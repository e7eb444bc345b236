package io.twitterhelpdesk.sandbox;

/** Identifies an injected tweet and the full text it was stored with. */
public record TweetRef(long id, long userId, String text) {
}
