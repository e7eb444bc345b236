package io.twitterhelpdesk.state;

import java.time.Instant;

/** The media id X gave a reply's uploaded file, and when X stops accepting it in a DM or tweet. */
public record ReplyMediaId(String mediaId, Instant expiresAt) {
}
