package io.twitterhelpdesk.activity;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twitterhelpdesk.xapi.XAnswer;
import io.twitterhelpdesk.xapi.XApiClient;
import io.twitterhelpdesk.xapi.XApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's V2 webhook on X ({@code xaa.webhook.url}, the public address of {@code webhook.path}), which the
 * {@code xaa-webhook} accounts' subscriptions deliver to: found among the app's webhooks, registered when missing
 * ({@code POST /2/webhooks}, X checks the CRC at once), re-validated when it exists ({@code PUT /2/webhooks/:id}:
 * X checks the CRC again, so a changed secret shows at once). A failed CRC is an ERROR saying what to check, and {@link #problem} keeps it for the
 * admin call; X then delivers nothing to the webhook until a later check passes.
 */
public final class ActivityWebhook {

    private static final Logger LOG = LoggerFactory.getLogger(ActivityWebhook.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final XApiClient xApi;
    private final String url;
    private volatile String id;
    private volatile String problem;

    /** @param url the webhook's public URL as X calls it, or null when no account uses {@code xaa-webhook} */
    public ActivityWebhook(XApiClient xApi, String url) {
        this.xApi = xApi;
        this.url = url;
    }

    public boolean configured() {
        return url != null;
    }

    /**
     * Makes sure X has the webhook and holds it valid.
     *
     * @return its id, or empty when X refused it (the reason is logged and kept in {@link #problem})
     */
    public synchronized Optional<String> ensure() {
        if (url == null) {
            return Optional.empty();
        }
        try {
            Optional<JsonNode> existing = find();
            // an existing webhook is checked again (PUT runs X's CRC now): the app's secret may have changed
            XAnswer answer = existing.isPresent()
                    ? xApi.app("PUT", "webhooks/" + existing.get().path("id").asText(), Map.of(), null)
                    : xApi.app("POST", "webhooks", Map.of(), JSON.createObjectNode().put("url", url).toString());
            String webhookId = existing.map(w -> w.path("id").asText())
                    .orElse(answer.json().path("data").path("id").asText(null));
            if (!answer.json().path("data").path("valid").asBoolean(true)) {
                return refused("X answered that the webhook is not valid (its CRC check failed)");
            }
            return registered(webhookId, existing.isPresent() ? "re-validated" : "registered");
        } catch (XApiException e) {
            return refused(e.getMessage());
        }
    }

    /** The webhook's id on X once {@link #ensure} succeeded. */
    public Optional<String> id() {
        return Optional.ofNullable(id);
    }

    /** Why X refused the webhook at the last {@link #ensure}, or null. */
    public String problem() {
        return problem;
    }

    /** The app's webhooks on X, as X lists them. */
    public JsonNode listOnX() throws XApiException {
        return xApi.app("GET", "webhooks", Map.of(), null).json().path("data");
    }

    private Optional<JsonNode> find() throws XApiException {
        for (JsonNode webhook : listOnX()) {
            if (url.equals(webhook.path("url").asText())) {
                return Optional.of(webhook);
            }
        }
        return Optional.empty();
    }

    private Optional<String> registered(String webhookId, String how) {
        id = webhookId;
        problem = null;
        LOG.info("X Activity webhook {} {} ({})", webhookId, how, url);
        return Optional.of(webhookId);
    }

    private Optional<String> refused(String reason) {
        problem = reason;
        LOG.error("X refused the X Activity webhook {}: {}. Check that the URL reaches webhook.path on this connector "
                + "over HTTPS and that twitter.app.consumer-secret is the app's secret (the CRC answer is signed with "
                + "it); the xaa-webhook accounts receive nothing until it is valid", url, reason);
        return Optional.empty();
    }
}
