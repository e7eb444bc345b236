package io.twitterhelpdesk.activity;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.webhook.EventBodies;
import io.twitterhelpdesk.webhook.InvalidWebhookRequestException;

/**
 * One X Activity API envelope ({@code {"data": {event_uuid, filter, event_type, tag, payload, includes}}}), checked:
 * a JSON object with a {@code data} object, an {@code event_type} and the numeric id of the user it is for (the
 * {@code filter.user_id}; for {@code oauth.revoke}, whose filter may be empty, the {@code payload.user_id}).
 * Anything else, and the stream's {@code {"errors": [...]}}, is an {@link InvalidWebhookRequestException}.
 */
record ActivityEnvelope(String eventUuid, String eventType, long userId, JsonNode payload, JsonNode includes) {

    static final String OAUTH_REVOKE = "oauth.revoke";

    static ActivityEnvelope read(JsonNode root) {
        JsonNode data = root.path("data");
        if (!data.isObject()) {
            if (root.path("errors").isArray() && !root.path("errors").isEmpty()) {
                throw new InvalidWebhookRequestException("stream_error",
                        "X sent an error instead of an event: " + problems(root.path("errors")));
            }
            throw new InvalidWebhookRequestException("missing_data", "The envelope has no data object");
        }
        String eventType = data.path("event_type").asText("").strip();
        if (eventType.isEmpty()) {
            throw new InvalidWebhookRequestException("missing_event_type", "The envelope has no data.event_type");
        }
        JsonNode userId = data.path("filter").path("user_id");
        if (OAUTH_REVOKE.equals(eventType) && data.path("payload").has("user_id")) {
            userId = data.path("payload").path("user_id");
        }
        long user = EventBodies.id(userId).orElseThrow(() -> new InvalidWebhookRequestException("missing_user_id",
                "The " + eventType + " envelope has no numeric data.filter.user_id"));
        return new ActivityEnvelope(data.path("event_uuid").asText(""), eventType, user, data.path("payload"),
                data.path("includes"));
    }

    /** X's problems, each as its detail (else its title or message), on one line. */
    private static String problems(JsonNode errors) {
        List<String> details = new ArrayList<>();
        for (JsonNode problem : errors) {
            String detail = problem.path("detail").asText(problem.path("title").asText(problem.path("message")
                    .asText(problem.toString())));
            details.add(detail.lines().findFirst().orElse(""));
        }
        String line = String.join("; ", details);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
