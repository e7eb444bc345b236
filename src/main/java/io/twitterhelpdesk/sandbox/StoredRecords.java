package io.twitterhelpdesk.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The sandbox's stored DM events and tweets. */
final class StoredRecords {

    private StoredRecords() {
    }

    record DmEvent(long id, long senderId, long recipientId, Instant createdAt, MessageContent content,
                   boolean viaApi) {
    }

    record Tweet(long id, long userId, Instant createdAt, MessageContent content, Long inReplyToStatusId,
                 Long inReplyToUserId, String inReplyToScreenName, Set<Long> mentionedUserIds, List<Long> mediaIds,
                 boolean viaApi) {
    }

    /** Credentials of a registered account: the access token identifies the user. */
    record AccessToken(long userId, String consumerKey, String token, String tokenSecret) {
    }
}
