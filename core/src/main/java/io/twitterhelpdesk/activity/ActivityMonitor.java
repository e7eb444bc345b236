package io.twitterhelpdesk.activity;

import java.util.function.Consumer;

import io.twitterhelpdesk.account.CredentialsListener;
import io.twitterhelpdesk.metrics.ConnectorMetrics;

/**
 * Where what the X Activity API brings is reported: every event in the metrics by source and type, the ignored ones
 * too, and an {@code oauth.revoke} of an account to the accounts' health, which marks it unhealthy and puts an
 * {@code account_unhealthy} alert on the alerts queue while the other accounts go on. A configured account's event
 * that came by the webhook is the account's last webhook call in its health check.
 */
public final class ActivityMonitor implements ActivityObserver {

    private final ConnectorMetrics metrics;
    private final CredentialsListener credentials;
    private final Consumer<String> webhookHeard;

    public ActivityMonitor(ConnectorMetrics metrics, CredentialsListener credentials, Consumer<String> webhookHeard) {
        this.metrics = metrics;
        this.credentials = credentials;
        this.webhookHeard = webhookHeard;
    }

    @Override
    public void received(String accountName, String source, String eventType) {
        metrics.activityEvent(source, eventType);
        if (accountName != null && io.twitterhelpdesk.envelope.Envelope.SOURCE_WEBHOOK.equals(source)) {
            webhookHeard.accept(accountName);
        }
    }

    @Override
    public void ignored(String source, String eventType, String reason) {
        metrics.activityEventIgnored(source, eventType);
    }

    @Override
    public void revoked(String accountName) {
        credentials.refused(accountName, "the account's user revoked the app (X Activity API oauth.revoke)");
    }
}
