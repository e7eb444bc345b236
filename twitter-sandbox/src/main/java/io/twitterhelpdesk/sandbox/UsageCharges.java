package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.sandbox.StoredRecords.AccessToken;

import java.io.IOException;

/**
 * What each successful answer and each X Activity delivery costs, put in the {@link UsageLedger}: reads per resource
 * returned in {@code data} (v2) / {@code events} or the statuses and users (v1.1), {@code includes} not counted;
 * writes per request, a post by whether its submitted text holds a URL. Failed requests never get here. Media,
 * settings, friendships, tokens and the X Activity management endpoints are free.
 */
final class UsageCharges {

    private final UsageLedger ledger;

    UsageCharges(UsageLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * A v1.1 call answered 200, authenticated with {@code token}; {@code statusText} is the submitted
     * {@code status} of {@code statuses/update}.
     */
    void v1Answer(SandboxEndpoint endpoint, AccessToken token, Object answer, String statusText) {
        if (!(answer instanceof JsonNode json)) {
            return;
        }
        String app = token.consumerKey();
        String account = Long.toString(token.userId());
        switch (endpoint) {
            case DM_LIST -> reads(app, account, UsageUnit.DM_EVENT_READ, json.path("events"));
            case MENTIONS -> reads(app, account, UsageUnit.POST_READ, json);
            case USERS_SHOW, VERIFY_CREDENTIALS -> ledger.read(app, account, UsageUnit.USER_READ, idOf(json));
            case USERS_LOOKUP -> reads(app, account, UsageUnit.USER_READ, json);
            case STATUS_UPDATE -> ledger.write(app, account, UsageUnit.postCreate(statusText));
            case DM_NEW -> ledger.write(app, account, UsageUnit.DM_CREATE);
            default -> {
                // not billed
            }
        }
    }

    /**
     * A v2 call answered 2xx, by {@code caller}; {@code pathParameter} the first decoded path parameter (the user of
     * {@code /2/users/:id...}), {@code requestBody} the JSON submitted.
     */
    void v2Answer(SandboxEndpoint endpoint, V2Caller caller, String pathParameter, String requestBody,
                  V2Answer answer) {
        if (answer.status() / 100 != 2) {
            return;
        }
        String app = caller.consumerKey();
        String account = !caller.appOnly() ? Long.toString(caller.userId())
                : endpoint.path().startsWith("/2/users/{id}") ? pathParameter : null;
        JsonNode data = answer.body().path("data");
        switch (endpoint) {
            case V2_DM_EVENTS -> reads(app, account, UsageUnit.DM_EVENT_READ, data);
            case V2_MENTIONS -> reads(app, account, UsageUnit.POST_READ, data);
            case V2_USERS_ME, V2_USER -> ledger.read(app, account, UsageUnit.USER_READ, idOf(data));
            case V2_TWEETS -> ledger.write(app, account, UsageUnit.postCreate(submittedText(requestBody)));
            case V2_DM_SEND -> ledger.write(app, account, UsageUnit.DM_CREATE);
            default -> {
                // not billed
            }
        }
    }

    /**
     * An X Activity event delivered (answered 200 by a webhook, or written to a stream): {@code dm.received} is a
     * read of its DM event, {@code post.mention.create} and {@code post.reply.create} of their post, for the
     * subscription's user; other events ({@code dm.sent} included) are free.
     */
    void activityDelivered(LoggedActivity activity) {
        ActivityEvent event = activity.event();
        if (event == null || activity.resourceId() == null) {
            return;
        }
        UsageUnit unit = switch (event.eventType()) {
            case ActivityEventTypes.DM_RECEIVED -> UsageUnit.DM_EVENT_READ;
            case ActivityEventTypes.POST_MENTION, ActivityEventTypes.POST_REPLY -> UsageUnit.POST_READ;
            default -> null;
        };
        if (unit != null) {
            ledger.read(activity.consumerKey(), event.userId(), unit, activity.resourceId());
        }
    }

    private void reads(String app, String account, UsageUnit unit, JsonNode resources) {
        for (JsonNode resource : resources) {
            ledger.read(app, account, unit, idOf(resource));
        }
    }

    private static String idOf(JsonNode resource) {
        return resource.has("id_str") ? resource.path("id_str").asText() : resource.path("id").asText();
    }

    private static String submittedText(String requestBody) {
        try {
            return TwitterJson.MAPPER.readTree(requestBody).path("text").asText("");
        } catch (IOException e) {
            return "";
        }
    }
}
