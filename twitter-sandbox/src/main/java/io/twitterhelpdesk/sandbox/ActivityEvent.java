package io.twitterhelpdesk.sandbox;

import java.time.Instant;

/**
 * An X Activity API event the sandbox created for one subscription (kept in its bounded event log).
 *
 * @param eventUuid      {@code event_uuid}: digits, sometimes negative, as X sends them
 * @param eventType      e.g. {@code dm.received}
 * @param userId         {@code filter.user_id}, null for app-level events
 * @param subscriptionId the subscription it matched
 * @param webhookId      the webhook it went to, null when the subscription has none
 * @param createdAt      when it happened
 */
public record ActivityEvent(String eventUuid, String eventType, String userId, String subscriptionId,
                            String webhookId, Instant createdAt) {
}
