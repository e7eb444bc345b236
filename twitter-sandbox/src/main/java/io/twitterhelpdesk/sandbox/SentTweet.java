package io.twitterhelpdesk.sandbox;

import java.time.Instant;
import java.util.List;

/** A tweet an account posted through {@code POST statuses/update} or {@code POST /2/tweets}; {@code inReplyToStatusId} is null for none. */
public record SentTweet(long id, String screenName, String text, Long inReplyToStatusId, List<Long> mediaIds,
                        Instant createdAt) {
}
