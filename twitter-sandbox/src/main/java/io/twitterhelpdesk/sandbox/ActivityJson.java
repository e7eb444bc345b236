package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** X Activity API objects as JSON: subscriptions, their filters and webhooks, with X's field names. */
final class ActivityJson {

    private ActivityJson() {
    }

    /** {@code filter}: {@code user_id}, {@code direction}, {@code keyword} when set (empty for app-level events). */
    static ObjectNode filter(ActivitySubscription subscription) {
        ObjectNode filter = TwitterJson.MAPPER.createObjectNode();
        if (subscription.userId() != null) {
            filter.put("user_id", subscription.userId());
        }
        if (subscription.direction() != null) {
            filter.put("direction", subscription.direction());
        }
        if (subscription.keyword() != null) {
            filter.put("keyword", subscription.keyword());
        }
        return filter;
    }

    static ObjectNode subscription(ActivitySubscription subscription) {
        ObjectNode node = TwitterJson.MAPPER.createObjectNode();
        node.put("subscription_id", subscription.subscriptionId());
        node.put("event_type", subscription.eventType());
        node.set("filter", filter(subscription));
        if (subscription.tag() != null) {
            node.put("tag", subscription.tag());
        }
        if (subscription.webhookId() != null) {
            node.put("webhook_id", subscription.webhookId());
        }
        node.put("created_at", V2Json.time(subscription.createdAt()));
        node.put("updated_at", V2Json.time(subscription.updatedAt()));
        return node;
    }

    static ObjectNode webhook(ActivityWebhook webhook) {
        return TwitterJson.MAPPER.createObjectNode().put("id", webhook.id()).put("url", webhook.url())
                .put("valid", webhook.valid()).put("created_at", V2Json.time(webhook.createdAt()));
    }
}
