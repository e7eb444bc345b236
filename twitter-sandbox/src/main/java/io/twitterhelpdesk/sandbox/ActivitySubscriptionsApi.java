package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code /2/activity/subscriptions}: create, list (paginated), update and delete the subscriptions of the caller's
 * app, with X's request schemas ({@code additionalProperties: false}) and rules: a private event (DMs, mentions,
 * replies, chats, likes...) only for the filtered user authenticated as themselves; {@code oauth.revoke} with an
 * empty filter; an existing user; a webhook of the same app.
 */
final class ActivitySubscriptionsApi {

    private static final String TOKEN_KIND = "activity_subscriptions";
    private static final Set<String> CREATE_MEMBERS = V2Query.names("event_type", "filter", "tag", "webhook_id");
    private static final Set<String> FILTER_MEMBERS = V2Query.names("user_id", "direction", "keyword");
    private static final Set<String> UPDATE_MEMBERS = V2Query.names("tag", "webhook_id");
    private static final Set<String> LIST_PARAMETERS = V2Query.names("max_results", "pagination_token");
    private static final int MAX_TAG = 200;
    private static final int MAX_KEYWORD = 150;
    private static final int MAX_IDS = 100;

    private final SandboxStore store;
    private final ActivitySubscriptions subscriptions;
    private final ActivityWebhooks webhooks;

    ActivitySubscriptionsApi(SandboxStore store, ActivitySubscriptions subscriptions, ActivityWebhooks webhooks) {
        this.store = store;
        this.subscriptions = subscriptions;
        this.webhooks = webhooks;
    }

    /** {@code POST /2/activity/subscriptions} &rarr; 200 {@code {"data":{"subscription":{..}}}}. */
    V2Answer create(V2Caller caller, String mediaType, String rawBody) {
        JsonNode body = V2RequestBody.parse(mediaType, rawBody);
        ActivityRequests.noOtherMembers(body, "", CREATE_MEMBERS);
        String requested = ActivityRequests.requiredText(body, "event_type", "");
        String eventType = ActivityEventTypes.canonical(requested);
        if (eventType == null) {
            throw V2Problem.invalidParameter("event_type", requested, "$.event_type: does not have a value in the"
                    + " enumeration of X Activity event types");
        }
        JsonNode filter = body.path("filter");
        if (!filter.isObject()) {
            throw V2Problem.invalidRequest("$.filter: is missing but it is required");
        }
        ActivityRequests.noOtherMembers(filter, "filter.", FILTER_MEMBERS);
        String userId = ActivityRequests.matching(filter, "user_id", "filter.", ActivityRequests.ID_PATTERN);
        String direction = V2RequestBody.optionalText(filter, "direction", "filter.");
        if (direction != null && !direction.equals("inbound") && !direction.equals("outbound")) {
            throw V2Problem.invalidRequest("$.filter.direction: does not have a value in the enumeration"
                    + " [inbound, outbound]");
        }
        String keyword = ActivityRequests.text(filter, "keyword", "filter.", 1, MAX_KEYWORD);
        String tag = ActivityRequests.text(body, "tag", "", 1, MAX_TAG);
        String webhookId = webhook(caller, body);
        checkFilter(caller, eventType, userId, keyword);
        Instant now = store.now();
        ActivitySubscription subscription = new ActivitySubscription(Long.toString(store.nextId()),
                store.appId(caller.consumerKey()), eventType, userId, direction, keyword, tag, webhookId, now, now);
        subscriptions.put(caller.consumerKey(), subscription);
        ObjectNode data = TwitterJson.MAPPER.createObjectNode();
        data.set("subscription", ActivityJson.subscription(subscription));
        return answer(data);
    }

    private void checkFilter(V2Caller caller, String eventType, String userId, String keyword) {
        if (ActivityEventTypes.appLevel(eventType)) {
            if (userId != null || keyword != null) {
                throw V2Problem.invalidRequest("$.filter: " + eventType + " subscriptions take no filter");
            }
            return;
        }
        if (ActivityEventTypes.keywordFiltered(eventType)) {
            if (keyword == null) {
                throw V2Problem.invalidRequest("$.filter.keyword: is missing but it is required for " + eventType);
            }
            return;
        }
        if (userId == null) {
            throw V2Problem.invalidRequest("$.filter.user_id: is missing but it is required for " + eventType);
        }
        if (store.findActiveUser(Long.parseLong(userId)).isEmpty()) {
            throw V2Problem.invalidParameter("filter.user_id", userId, "Could not find user with filter.user_id: ["
                    + userId + "].");
        }
        if (ActivityEventTypes.isPrivate(eventType)) {
            if (caller.appOnly()) {
                throw V2Problem.unsupportedAuthentication("OAuth 2.0 Application-Only",
                        "[OAuth 1.0a User Context, OAuth 2.0 User Context]", "private event type " + eventType);
            }
            if (!userId.equals(Long.toString(caller.userId()))) {
                throw V2Problem.notAuthorizedForUser(userId, eventType);
            }
        }
    }

    /** The {@code webhook_id} of the body, checked to be a webhook of the caller's app; null when absent. */
    private String webhook(V2Caller caller, JsonNode body) {
        String webhookId = ActivityRequests.matching(body, "webhook_id", "", ActivityRequests.ID_PATTERN);
        if (webhookId != null && !webhooks.exists(caller.consumerKey(), webhookId)) {
            throw V2Problem.invalidParameter("webhook_id", webhookId, "WebhookIdInvalid: no webhook with this id"
                    + " is registered by this app");
        }
        return webhookId;
    }

    /** {@code GET /2/activity/subscriptions} &rarr; the app's subscriptions, oldest first, by pages. */
    V2Answer list(V2Caller caller, String rawQuery) {
        V2Query query = V2Query.parse(rawQuery, LIST_PARAMETERS);
        int max = query.intValue("max_results", 100, 1, 1000);
        long appId = store.appId(caller.consumerKey());
        String token = query.get("pagination_token");
        long fromId = token == null ? 0 : V2PaginationTokens.decode(TOKEN_KIND, appId, token);
        List<ActivitySubscription> page = subscriptions.ofApp(caller.consumerKey()).stream()
                .filter(s -> Long.parseLong(s.subscriptionId()) >= fromId).toList();
        ObjectNode root = TwitterJson.MAPPER.createObjectNode();
        ArrayNode data = root.putArray("data");
        page.stream().limit(max).forEach(s -> data.add(ActivityJson.subscription(s)));
        ObjectNode meta = root.putObject("meta").put("result_count", data.size());
        if (page.size() > max) {
            meta.put("next_token", V2PaginationTokens.encode(TOKEN_KIND, appId,
                    Long.parseLong(page.get(max).subscriptionId())));
        }
        return V2Answer.ok(root);
    }

    /** {@code PUT /2/activity/subscriptions/:id}: new {@code tag} and / or {@code webhook_id}. */
    V2Answer update(V2Caller caller, String subscriptionId, String mediaType, String rawBody) {
        ActivitySubscription current = existing(caller, subscriptionId);
        JsonNode body = V2RequestBody.parse(mediaType, rawBody);
        ActivityRequests.noOtherMembers(body, "", UPDATE_MEMBERS);
        String tag = ActivityRequests.text(body, "tag", "", 1, MAX_TAG);
        String webhookId = webhook(caller, body);
        ActivitySubscription updated = current.withTagAndWebhook(body.has("tag") ? tag : current.tag(),
                body.has("webhook_id") ? webhookId : current.webhookId(), store.now());
        subscriptions.put(caller.consumerKey(), updated);
        ObjectNode data = TwitterJson.MAPPER.createObjectNode();
        data.set("subscription", ActivityJson.subscription(updated));
        data.put("total_subscriptions", subscriptions.ofApp(caller.consumerKey()).size());
        return answer(data);
    }

    /** {@code DELETE /2/activity/subscriptions/:id} &rarr; {@code {"data":{"deleted":true}}}. */
    V2Answer delete(V2Caller caller, String subscriptionId) {
        existing(caller, subscriptionId);
        subscriptions.remove(caller.consumerKey(), subscriptionId);
        return answer(TwitterJson.MAPPER.createObjectNode().put("deleted", true));
    }

    /** {@code DELETE /2/activity/subscriptions?ids=a,b}: per-id results, failures in {@code errors}. */
    V2Answer deleteMany(V2Caller caller, String rawQuery) {
        V2Query query = V2Query.parse(rawQuery, V2Query.names("ids"));
        String ids = query.get("ids");
        if (ids == null || ids.isEmpty()) {
            throw V2Problem.invalidParameter("ids", "", "The `ids` query parameter can not be empty");
        }
        List<String> list = new ArrayList<>(List.of(ids.split(",", -1)));
        if (list.size() > MAX_IDS) {
            throw V2Problem.invalidParameter("ids", ids, "The `ids` query parameter value has more than " + MAX_IDS
                    + " items");
        }
        list.forEach(id -> V2Query.parseId("ids", id));
        ObjectNode root = TwitterJson.MAPPER.createObjectNode();
        ArrayNode data = root.putArray("data");
        ArrayNode errors = TwitterJson.MAPPER.createArrayNode();
        for (String id : list) {
            if (subscriptions.remove(caller.consumerKey(), id)) {
                data.addObject().put("subscription_id", id).put("deleted", true);
            } else {
                errors.addObject().put("subscription_id", id).put("reason", "NotFound")
                        .put("message", "Could not find subscription with id: [" + id + "].");
            }
        }
        if (!errors.isEmpty()) {
            root.set("errors", errors);
        }
        root.putObject("meta").put("total_subscriptions", subscriptions.ofApp(caller.consumerKey()).size());
        return V2Answer.ok(root);
    }

    private ActivitySubscription existing(V2Caller caller, String subscriptionId) {
        V2Query.parseId("subscription_id", subscriptionId);
        return subscriptions.find(caller.consumerKey(), subscriptionId).orElseThrow(() ->
                V2Problem.resourceNotFound("subscription", "subscription_id", subscriptionId));
    }

    private static V2Answer answer(ObjectNode data) {
        ObjectNode root = TwitterJson.MAPPER.createObjectNode();
        root.set("data", data);
        return V2Answer.ok(root);
    }
}
