package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/**
 * {@code /2/webhooks}: create (CRC at once), list, validate (CRC again) and delete the caller's app's webhooks, and
 * {@code POST /2/webhooks/replay}. Failures carry X's reasons ({@code CrcValidationFailed},
 * {@code UrlValidationFailed}, {@code DuplicateUrlFailed}, {@code WebhookLimitExceeded}, {@code WebhookIdInvalid},
 * {@code QueryParamInvalid}, {@code ReplayConflictError}) as the message of a 400 invalid request.
 */
final class ActivityWebhooksApi {

    private static final DateTimeFormatter REPLAY_DATE = DateTimeFormatter.ofPattern("uuuuMMddHHmm")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Duration REPLAY_WINDOW = Duration.ofHours(24);

    private final SandboxStore store;
    private final ActivityWebhooks webhooks;
    private final ActivityLog log;

    ActivityWebhooksApi(SandboxStore store, ActivityWebhooks webhooks, ActivityLog log) {
        this.store = store;
        this.webhooks = webhooks;
        this.log = log;
    }

    /** {@code POST /2/webhooks {"url"}} &rarr; {@code {"data":{id,url,valid,created_at}}}. */
    V2Answer create(V2Caller caller, String mediaType, String rawBody) {
        JsonNode body = V2RequestBody.parse(mediaType, rawBody);
        String url = ActivityRequests.requiredText(body, "url", "");
        return data(ActivityJson.webhook(webhooks.create(caller.consumerKey(), url)));
    }

    /** {@code GET /2/webhooks} &rarr; {@code {"data":[..],"meta":{"result_count"}}}. */
    V2Answer list(V2Caller caller, String rawQuery) {
        V2Query.parse(rawQuery, V2Query.names("webhook_config.fields"));
        ObjectNode root = TwitterJson.MAPPER.createObjectNode();
        ArrayNode data = root.putArray("data");
        webhooks.ofApp(caller.consumerKey()).forEach(w -> data.add(ActivityJson.webhook(w)));
        root.putObject("meta").put("result_count", data.size());
        return V2Answer.ok(root);
    }

    /** {@code PUT /2/webhooks/:id} &rarr; {@code {"data":{"valid":..}}} after a new CRC check. */
    V2Answer validate(V2Caller caller, String webhookId) {
        boolean valid = webhooks.validate(caller.consumerKey(), webhookId).orElseThrow(() -> invalidId(webhookId));
        return data(TwitterJson.MAPPER.createObjectNode().put("valid", valid));
    }

    /** {@code DELETE /2/webhooks/:id} &rarr; {@code {"data":{"deleted":true}}}. */
    V2Answer delete(V2Caller caller, String webhookId) {
        if (!webhooks.delete(caller.consumerKey(), webhookId)) {
            throw invalidId(webhookId);
        }
        return data(TwitterJson.MAPPER.createObjectNode().put("deleted", true));
    }

    /**
     * {@code POST /2/webhooks/replay {"webhook_id","from_date","to_date"}} (UTC {@code yyyymmddhhmm}, both
     * inclusive, within the last 24 hours) &rarr; {@code {"data":{"job_id","created_at"}}}; the events are POSTed
     * again asynchronously.
     */
    V2Answer replay(V2Caller caller, String mediaType, String rawBody) {
        JsonNode body = V2RequestBody.parse(mediaType, rawBody);
        String webhookId = ActivityRequests.requiredText(body, "webhook_id", "");
        if (!webhookId.matches(ActivityRequests.ID_PATTERN) || !webhooks.exists(caller.consumerKey(), webhookId)) {
            throw invalidId(webhookId);
        }
        Instant now = store.now();
        Instant from = replayDate(body, "from_date");
        Instant to = replayDate(body, "to_date");
        if (from.isAfter(now)) {
            throw queryParamInvalid("from_date", body, "from_date is in the future");
        }
        if (to.isAfter(now)) {
            throw queryParamInvalid("to_date", body, "to_date is in the future");
        }
        if (from.isBefore(now.minus(REPLAY_WINDOW).minusSeconds(60))) {
            throw queryParamInvalid("from_date", body, "from_date is older than 24 hours");
        }
        if (from.isAfter(to)) {
            throw queryParamInvalid("from_date", body, "from_date is more recent than to_date");
        }
        Instant toInclusive = to.plusSeconds(60).minusNanos(1);
        ReplayJob job = webhooks.replay(caller.consumerKey(), webhookId, from, toInclusive,
                log.ofWebhook(webhookId, from, toInclusive));
        return data(TwitterJson.MAPPER.createObjectNode().put("job_id", job.jobId())
                .put("created_at", V2Json.time(job.createdAt())));
    }

    private static Instant replayDate(JsonNode body, String field) {
        String value = ActivityRequests.requiredText(body, field, "");
        try {
            if (value.matches("[0-9]{12}")) {
                return LocalDateTime.parse(value, REPLAY_DATE).toInstant(ZoneOffset.UTC);
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw queryParamInvalid(field, body, field + " is not in the yyyymmddhhmm format");
    }

    private static V2Problem queryParamInvalid(String field, JsonNode body, String why) {
        return V2Problem.invalidParameter(field, body.path(field).asText(), "QueryParamInvalid: " + why);
    }

    private static V2Problem invalidId(String webhookId) {
        return V2Problem.invalidParameter("webhook_id", webhookId, "WebhookIdInvalid: the webhook_id is invalid or"
                + " not associated with the app");
    }

    private static V2Answer data(ObjectNode data) {
        ObjectNode root = TwitterJson.MAPPER.createObjectNode();
        root.set("data", data);
        return V2Answer.ok(root);
    }
}
