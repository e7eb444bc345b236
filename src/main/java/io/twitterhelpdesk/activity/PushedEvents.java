package io.twitterhelpdesk.activity;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.twitterhelpdesk.inbound.PolledMessage;
import io.twitterhelpdesk.webhook.AccountActivityEvents;

/**
 * What the webhook received, read by the API that sent it: an X Activity API envelope ({@code {"data":
 * {"event_type": ...}}}) by {@link ActivityEvents}, anything else as an Account Activity API body by
 * {@link AccountActivityEvents}. One webhook serves both during the migration from one to the other.
 */
public final class PushedEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AccountActivityEvents accountActivity;
    private final ActivityEvents activity;

    public PushedEvents(AccountActivityEvents accountActivity, ActivityEvents activity) {
        this.accountActivity = accountActivity;
        this.activity = activity;
    }

    public List<PolledMessage> parse(byte[] body) {
        return isActivityEnvelope(body) ? activity.parse(body, PolledMessage.WEBHOOK) : accountActivity.parse(body);
    }

    /**
     * An X Activity API body has a {@code data} object (or, for an error, an {@code errors} array) and no
     * {@code for_user_id}; anything else, unreadable bodies included, goes to the Account Activity reader, which
     * refuses what it cannot read as before.
     */
    static boolean isActivityEnvelope(byte[] body) {
        try {
            JsonNode root = body == null ? null : JSON.readTree(body);
            return root != null && root.isObject() && !root.has("for_user_id")
                    && (root.path("data").isObject() || root.path("errors").isArray());
        } catch (IOException e) {
            return false;
        }
    }
}
