package io.twitterhelpdesk.activity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.xapi.XApiException;

/**
 * What the connector keeps on X's side for the X Activity API, brought in line at start and periodically (route
 * {@code x-activity-setup}, on the cluster's leader) and on demand ({@code POST /api/v1/activity/sync}): the webhook
 * of the {@code xaa-webhook} accounts, every account's subscriptions, and at start the replay of what the webhook
 * missed while the connector was down. {@link #onX} lists what exists there ({@code GET /api/v1/activity}).
 */
public final class ActivitySetup {

    private final ActivityWebhook webhook;
    private final ActivitySubscriptions subscriptions;
    private final WebhookReplay replay;

    public ActivitySetup(ActivityWebhook webhook, ActivitySubscriptions subscriptions, WebhookReplay replay) {
        this.webhook = webhook;
        this.subscriptions = subscriptions;
        this.replay = replay;
    }

    /** Route {@code x-activity-setup}: sync; after the first sync that got through, the webhook's start-up replay. */
    public Map<String, Object> run() throws XApiException {
        Map<String, Object> report = sync();
        replay.recoverAtStart();
        return report;
    }

    /** Registers or re-validates the webhook, then reconciles the subscriptions; what was done, as JSON. */
    public synchronized Map<String, Object> sync() throws XApiException {
        Map<String, Object> report = new LinkedHashMap<>();
        Optional<String> webhookId = webhook.ensure();
        if (webhook.configured()) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("id", webhookId.orElse(null));
            w.put("valid", webhookId.isPresent());
            w.put("problem", webhook.problem());
            report.put("webhook", w);
        }
        ActivitySubscriptions.Outcome outcome = subscriptions.reconcile(webhookId.orElse(null));
        report.put("subscriptions", Map.of("kept", outcome.kept(), "created", outcome.created(),
                "moved", outcome.moved(), "deleted", outcome.deleted()));
        report.put("failedAccounts", outcome.failed());
        return report;
    }

    /** The app's webhooks and subscriptions as X lists them. */
    public Map<String, Object> onX() throws XApiException {
        Map<String, Object> listing = new LinkedHashMap<>();
        listing.put("webhooks", webhook.listOnX());
        List<JsonNode> all = subscriptions.list();
        listing.put("subscriptions", all);
        return listing;
    }
}
