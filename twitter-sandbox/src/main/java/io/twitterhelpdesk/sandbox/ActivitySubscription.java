package io.twitterhelpdesk.sandbox;

import java.time.Instant;

/**
 * An X Activity API subscription as the sandbox holds it.
 *
 * @param subscriptionId its id (digits)
 * @param appId          the app it belongs to (the app of the credentials that created it)
 * @param eventType      canonical event type, e.g. {@code dm.received}
 * @param userId         {@code filter.user_id}, null for app-level events such as {@code oauth.revoke}
 * @param direction      {@code filter.direction} ({@code inbound} / {@code outbound}) or null
 * @param keyword        {@code filter.keyword} or null
 * @param tag            the caller's tag or null
 * @param webhookId      the V2 webhook its events are POSTed to, or null (stream only)
 */
public record ActivitySubscription(String subscriptionId, long appId, String eventType, String userId,
                                   String direction, String keyword, String tag, String webhookId, Instant createdAt,
                                   Instant updatedAt) {

    ActivitySubscription withTagAndWebhook(String newTag, String newWebhookId, Instant now) {
        return new ActivitySubscription(subscriptionId, appId, eventType, userId, direction, keyword, newTag,
                newWebhookId, createdAt, now);
    }
}
