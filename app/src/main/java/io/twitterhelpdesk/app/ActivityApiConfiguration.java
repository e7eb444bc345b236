package io.twitterhelpdesk.app;

import io.twitterhelpdesk.config.ApiServerConfig;
import io.twitterhelpdesk.config.TwitterApiConfig;
import io.twitterhelpdesk.config.XActivityConfig;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import javax.sql.DataSource;

import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.account.AccountConfigurationException;
import io.twitterhelpdesk.health.AccountHealth;
import io.twitterhelpdesk.account.Ingestion;
import io.twitterhelpdesk.activity.ActivityEvents;
import io.twitterhelpdesk.activity.ActivityMonitor;
import io.twitterhelpdesk.state.ActivityPositions;
import io.twitterhelpdesk.activity.ActivitySetup;
import io.twitterhelpdesk.activity.ActivityStreamComponent;
import io.twitterhelpdesk.activity.ActivityStreamConnector;
import io.twitterhelpdesk.activity.ActivitySubscriptions;
import io.twitterhelpdesk.activity.ActivityWebhook;
import io.twitterhelpdesk.activity.PushedEvents;
import io.twitterhelpdesk.activity.WebhookReplay;
import io.twitterhelpdesk.embed.ConnectorBeans;
import io.twitterhelpdesk.inbound.CustomerDirectory;
import io.twitterhelpdesk.metrics.ConnectorMetrics;
import io.twitterhelpdesk.webhook.AccountActivityEvents;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;

/**
 * The X Activity API side of the connector (accounts on {@code xaa-stream} or {@code xaa-webhook}): the event reader
 * the webhook and the stream share, the stream component, the webhook, subscriptions, positions and replays, bound
 * under the names routes/x-activity.camel.yaml and routes/webhook.camel.yaml call. The routes' switches are derived
 * from the accounts: {@code xaa.enabled} (any account on the X Activity API) and {@code xaa.stream.enabled}.
 */
final class ActivityApiConfiguration {

    private ActivityApiConfiguration() {
    }

    static void configure(CamelContext context, XActivityConfig config, ApiServerConfig server,
            TwitterApiConfig twitterApi, boolean sandbox, ConnectorBeans.TwitterAccess twitter, DataSource state,
            Clock clock, Operations operations, AccountHealth health, CustomerDirectory customers,
            AccountActivityEvents accountActivity) {
        ConnectorMetrics metrics = operations.metrics();
        Registry registry = context.getRegistry();
        PropertiesComponent properties = context.getPropertiesComponent();
        boolean anyActivity = twitter.accounts().all().stream().anyMatch(a -> a.ingestion().activityApi());
        boolean anyStream = twitter.accounts().all().stream().anyMatch(a -> a.ingestion() == Ingestion.XAA_STREAM);
        properties.addOverrideProperty("xaa.enabled", Boolean.toString(anyActivity));
        properties.addOverrideProperty("xaa.stream.enabled", Boolean.toString(anyStream));
        properties.addOverrideProperty("xaa.sync-interval-millis",
                Long.toString(config.syncInterval().toMillis()));
        properties.addOverrideProperty("xaa.checkpoint-interval-millis",
                Long.toString(config.checkpointInterval().toMillis()));

        ActivityEvents events = new ActivityEvents(twitter.accounts(), twitter.clients(), customers,
                server.webhookAppId(), new ActivityMonitor(metrics, health, operations.heartbeats()::webhook));
        registry.bind("activityEvents", events);
        registry.bind("pushedEvents", new PushedEvents(accountActivity, events));

        ActivityPositions positions = new ActivityPositions(state, clock);
        registry.bind("activityPositions", positions);
        Duration margin = config.recoveryMargin();
        ActivityWebhook webhook = new ActivityWebhook(twitter.xApi(),
                webhookUrl(config, server, sandbox, twitter).orElse(null));
        WebhookReplay replay = new WebhookReplay(twitter.xApi(), webhook, positions, metrics, clock, margin);
        registry.bind("webhookReplay", replay);
        registry.bind("activitySetup", new ActivitySetup(webhook, new ActivitySubscriptions(twitter.accounts(),
                twitter.clients(), twitter.xApi(), config.subscriptionTagPrefix(),
                health), replay));
        context.addComponent("x-activity-stream", new ActivityStreamComponent(new ActivityStreamConnector(
                twitter.xApi(), positions, metrics, clock, new ActivityStreamConnector.Settings(
                        twitterApi.connectTimeout(), config.streamStallTimeout(), config.streamReconnectDelay(),
                        config.streamReconnectMaxDelay(), margin))));
    }

    /**
     * {@code xaa.webhook.url}, required when an account uses {@code xaa-webhook}; in sandbox mode it defaults to the
     * connector's own webhook on loopback, which the sandbox accepts (X itself wants a public HTTPS URL).
     */
    private static Optional<String> webhookUrl(XActivityConfig config, ApiServerConfig server, boolean sandbox,
            ConnectorBeans.TwitterAccess twitter) {
        Optional<Account> user = twitter.accounts().all().stream()
                .filter(a -> a.ingestion() == Ingestion.XAA_WEBHOOK).findFirst();
        if (user.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> url = config.webhookUrl();
        if (url.isEmpty() && sandbox) {
            url = Optional.of("http://" + server.host() + ":" + server.port() + server.webhookPath());
        }
        return Optional.of(url.orElseThrow(() -> new AccountConfigurationException("Account " + user.get().name()
                + " uses ingestion=xaa-webhook, which needs xaa.webhook.url (XAA_WEBHOOK_URL): the public HTTPS URL at "
                + "which X reaches webhook.path on this connector")));
    }
}
