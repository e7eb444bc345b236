package io.twitterhelpdesk.activity;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.twitterhelpdesk.inbound.PolledMessage;
import io.twitterhelpdesk.webhook.AccountActivityEvents;
import io.twitterhelpdesk.webhook.EventBodies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the webhook received, read by the API that sent it: an X Activity API envelope ({@code {"data":
 * {"event_type": ...}}}) by {@link ActivityEvents}, anything else as an Account Activity API body by
 * {@link AccountActivityEvents}; a replay job's {@code replay_job_status} is logged. One webhook serves both APIs
 * during the migration from one to the other.
 */
public final class PushedEvents {

    private static final Logger LOG = LoggerFactory.getLogger(PushedEvents.class);

    private final AccountActivityEvents accountActivity;
    private final ActivityEvents activity;

    public PushedEvents(AccountActivityEvents accountActivity, ActivityEvents activity) {
        this.accountActivity = accountActivity;
        this.activity = activity;
    }

    /** Reads the body once, as a JSON object (else 400 {@code malformed_json}), and hands it to its API's reader. */
    public List<PolledMessage> parse(byte[] body) {
        JsonNode root = EventBodies.readObject(body);
        if (root.path("replay_job_status").isObject()) {
            replayStatus(root.get("replay_job_status"));
            return List.of();
        }
        return isActivityEnvelope(root) ? activity.parseObject(root, PolledMessage.WEBHOOK)
                : accountActivity.parseObject(root);
    }

    /** X's word that a replay job ended: the events it re-sent came before it, through the pipeline. */
    private static void replayStatus(JsonNode status) {
        String state = status.path("job_state").asText("unknown");
        if ("Complete".equalsIgnoreCase(state)) {
            LOG.info("X webhook replay job {} complete", status.path("job_id").asText("?"));
        } else {
            LOG.warn("X webhook replay job {} ended {} ({}): events of its window may be missing; ask another with "
                    + "POST /2/webhooks/replay or restart the connector", status.path("job_id").asText("?"), state,
                    status.path("job_state_description").asText(""));
        }
    }

    /**
     * An X Activity API body has a {@code data} object (or, for an error, an {@code errors} array) and no
     * {@code for_user_id}; anything else goes to the Account Activity reader, which refuses what it cannot read as
     * before.
     */
    static boolean isActivityEnvelope(JsonNode root) {
        return !root.has("for_user_id") && (root.path("data").isObject() || root.path("errors").isArray());
    }
}
