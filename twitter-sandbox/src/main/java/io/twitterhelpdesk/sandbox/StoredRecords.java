package io.twitterhelpdesk.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The sandbox's stored DM events and tweets. */
final class StoredRecords {

    private StoredRecords() {
    }

    /** A DM; {@code sourceAppId} is the app an account sent it through the API with, null for injected ones. */
    record DmEvent(long id, long senderId, long recipientId, Instant createdAt, MessageContent content,
                   Long sourceAppId) {

        boolean viaApi() {
            return sourceAppId != null;
        }
    }

    record Tweet(long id, long userId, Instant createdAt, MessageContent content, Long inReplyToStatusId,
                 Long inReplyToUserId, String inReplyToScreenName, Set<Long> mentionedUserIds, List<Long> mediaIds,
                 boolean viaApi) {
    }

    /** Credentials of a registered account: the access token identifies the user. */
    record AccessToken(long userId, String consumerKey, String token, String tokenSecret) {
    }
}
