package io.twitterhelpdesk.app;

import io.twitterhelpdesk.config.Settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.health.AccountHealth;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.account.Ingestion;
import io.twitterhelpdesk.xapi.TwitterClients;
import io.twitterhelpdesk.alert.SilenceMonitor;
import io.twitterhelpdesk.broker.BrokerLogin;
import io.twitterhelpdesk.broker.BrokerSettings;
import io.twitterhelpdesk.broker.EmbeddedBroker;
import io.twitterhelpdesk.api.ApiKeyAuthentication;
import io.twitterhelpdesk.media.DmMediaDownload;
import io.twitterhelpdesk.media.DmMediaFiles;
import io.twitterhelpdesk.media.MediaCache;
import io.twitterhelpdesk.media.MediaLinkAccess;
import io.twitterhelpdesk.media.MediaLinks;
import io.twitterhelpdesk.media.MediaSettings;
import io.twitterhelpdesk.api.RequestSize;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.twitterhelpdesk.delivery.DeadLetterReplay;
import io.twitterhelpdesk.delivery.HelpdeskAttachments;
import io.twitterhelpdesk.delivery.HelpdeskRetries;
import io.twitterhelpdesk.delivery.HelpdeskStartChecks;
import io.twitterhelpdesk.delivery.HelpdeskTickets;
import io.twitterhelpdesk.delivery.HttpDeliveryRoutes;
import io.twitterhelpdesk.delivery.HttpHelpdesk;
import io.twitterhelpdesk.delivery.HttpHelpdesks;
import io.twitterhelpdesk.delivery.TicketClosing;
import io.twitterhelpdesk.health.HelpdeskHealthCheck;
import io.twitterhelpdesk.metrics.ConnectorMetrics;
import io.twitterhelpdesk.embed.ConnectorBeans;
import io.twitterhelpdesk.inbound.AccountPollerRoutes;
import io.twitterhelpdesk.inbound.CustomerDirectory;
import io.twitterhelpdesk.state.StateDatabase;
import io.twitterhelpdesk.webhook.AccountActivityEvents;
import io.twitterhelpdesk.webhook.WebhookSignature;
import io.twitterhelpdesk.xapi.XApiAnswers;
import io.twitterhelpdesk.xapi.XApiTransport;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceHelper;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import twitter4j.TwitterException;

/**
 * Wires the connector from its configuration: accounts, the sandbox (in sandbox mode), the state database, the
 * embedded broker (unless {@code broker.url} names an external one), the JMS component and the beans the YAML routes
 * call. Started here in Java, not as YAML beans, because the YAML DSL builds its beans twice.
 */
public class ConnectorConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorConfiguration.class);
    private static final long BROKER_RETRY_INTERVAL_MILLIS = 200;

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context.getPropertiesComponent()::resolveProperty);
        Registry registry = context.getRegistry();
        Clock bound = registry.lookupByNameAndType("clock", Clock.class);
        Clock clock = bound != null ? bound : Clock.systemUTC();
        Path dataDir = Path.of(settings.get("connector.data-dir", "data")).toAbsolutePath();

        AccountRegistry accounts = AccountRegistry.load(settings.source());
        // before anything starts: a broken helpdesk configuration refuses the start at once
        HelpdeskStartChecks.Result helpdesks = HelpdeskStartChecks.run(context, settings, clock);
        String restBaseUrl = settings.get("twitter.api.rest-base-url", "https://api.twitter.com/1.1/");
        if (settings.bool("sandbox.enabled", false)) {
            SandboxLauncher sandbox = start(context, new SandboxLauncher(settings.get("sandbox.host", "127.0.0.1"),
                    settings.integer("sandbox.api-port", 0), settings.integer("sandbox.admin-port", 0),
                    settings.bool("sandbox.rate-limits-enabled", true), accounts, dataDir));
            registry.bind("twitterSandbox", sandbox.sandbox());
            restBaseUrl = sandbox.sandbox().restBaseUrl();
            // the sandbox serves v1.1 media/upload.json beside the rest of v1.1 (X: upload.twitter.com)
            context.getPropertiesComponent().addOverrideProperty("twitter.api.upload-base-url", restBaseUrl);
            // the X API v2 routes read these keys: point them at the sandbox as well
            context.getPropertiesComponent().addOverrideProperty("twitter.api.v2-base-url",
                    sandbox.sandbox().v2BaseUrl());
            context.getPropertiesComponent().addOverrideProperty("twitter.api.oauth2-token-url",
                    sandbox.sandbox().oauth2TokenUrl());
            context.getPropertiesComponent().addOverrideProperty("twitter.api.app-token-url",
                    sandbox.sandbox().appTokenUrl());
            // DM files, on ton.twitter.com for real, are served at the sandbox's root
            context.getPropertiesComponent().addOverrideProperty("twitter.api.ton-base-url",
                    sandbox.sandbox().tonBaseUrl());
        }

        // after the sandbox, whose address overrides twitter.api.ton-base-url; before anything else starts
        MediaSettings media = MediaSettings.from(settings, dataDir);

        StateDatabase database = start(context, new StateDatabase(
                settings.get("state.url", "jdbc:h2:file:" + dataDir.resolve("state")),
                settings.get("state.user", "sa"), settings.get("state.password", ""),
                settings.integer("state.pool.max-connections", 16)));
        Operations operations = Operations.prepare(context, settings, accounts, clock);
        XApiTransport transport = configureXApi(context, settings);
        ConnectorBeans.TwitterAccess twitter = ConnectorBeans.twitterAccess(settings, accounts, restBaseUrl,
                database.dataSource(), clock, transport, !settings.bool("sandbox.enabled", false));
        twitter.bindTo(registry);

        JmsPoolConnectionFactory connections = configureJms(context, settings, dataDir);
        configureHttpDelivery(context, helpdesks, settings, clock, database, connections);

        ConnectorBeans.Inbound inbound = ConnectorBeans.inbound(settings, twitter, database.dataSource(), clock,
                operations.pollObserver());
        inbound.bindTo(registry);
        registry.bind("accountPollerRoutes", new AccountPollerRoutes(accounts));

        TwitterClients clients = twitter.clients();
        registry.bind("silenceMonitor", new SilenceMonitor(accounts, inbound.channelActivity(), clock,
                name -> accountIdOrNull(clients, name)));
        AccountHealth accountHealth = configureAccountHealth(context, settings, twitter, clock);
        AccountActivityEvents accountActivity = configureWebhook(registry, settings, accounts, twitter.clients(),
                inbound.customers(), operations);
        ActivityApiConfiguration.configure(context, settings, twitter, database.dataSource(), clock, operations,
                accountHealth, inbound.customers(), accountActivity);
        ConnectorBeans.replies(settings, twitter, database.dataSource(), clock, operations.metrics(), accountHealth)
                .bindTo(registry);
        ApiKeyAuthentication apiKeys = configureApiKeys(registry, settings);
        configureMedia(registry, settings, media, twitter, clock, apiKeys, operations.metrics());
        operations.start(context, settings, database, connections,
                settings.get("broker.url", "").isEmpty() ? "embedded" : "external", accountHealth);
    }

    /**
     * The accounts' health: checked once the routes run (v2 calls go through route x-api-request), before the
     * connector counts as started, where two accounts resolving to one Twitter id stop the start; then every
     * {@code health.account-check-interval} by route account-health-check.
     */
    private static AccountHealth configureAccountHealth(CamelContext context, Settings settings,
            ConnectorBeans.TwitterAccess twitter, Clock clock) throws Exception {
        AccountHealth health = new AccountHealth(twitter.accounts(), twitter.clients(), twitter.xApi(), clock);
        context.getRegistry().bind("accountHealth", health);
        context.getPropertiesComponent().addOverrideProperty("health.account-check-interval-millis",
                Long.toString(settings.duration("health.account-check-interval", Duration.ofMinutes(15)).toMillis()));
        if (settings.bool("health.account-check-at-start", true)) {
            context.addStartupListener(new StartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                }

                @Override
                public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                    health.checkAtStart();
                }
            });
        }
        return health;
    }

    /**
     * The X API v2 transport of v2 accounts (routes x-api-request and x-oauth2-token) and the answer reader the
     * route calls; the routes read the timeouts in milliseconds, derived here from the duration keys.
     */
    private static XApiTransport configureXApi(CamelContext context, Settings settings) {
        // camel-http takes its timeouts in milliseconds: the routes read these, derived from the duration keys
        context.getPropertiesComponent().addOverrideProperty("twitter.api.connect-timeout-millis",
                Long.toString(ConnectorBeans.connectTimeout(settings).toMillis()));
        context.getPropertiesComponent().addOverrideProperty("twitter.api.read-timeout-millis",
                Long.toString(ConnectorBeans.readTimeout(settings).toMillis()));
        context.getRegistry().bind("xApiAnswers", new XApiAnswers());
        return new XApiTransport(context);
    }

    /**
     * The webhook: its signature check (the app's consumer secrets: {@code webhook.consumer-secret}, else the
     * accounts' and {@code twitter.app.consumer-secret}) and its Account Activity event reader.
     */
    private AccountActivityEvents configureWebhook(Registry registry, Settings settings, AccountRegistry accounts,
            TwitterClients clients, CustomerDirectory customers, Operations operations) {
        List<String> secrets = settings.optional("webhook.consumer-secret").map(List::of)
                .orElseGet(() -> java.util.stream.Stream.concat(
                        accounts.all().stream().map(Account::consumerSecret),
                        settings.optional("twitter.app.consumer-secret").stream())
                        .filter(Objects::nonNull).distinct().toList());
        registry.bind("webhookSignature", new WebhookSignature(secrets));
        AccountActivityEvents events = new AccountActivityEvents(accounts, clients, customers,
                settings.get("webhook.app-id", ""), operations.heartbeats()::webhook);
        registry.bind("accountActivityEvents", events);
        for (Account account : accounts.all()) {
            if (account.ingestion() == Ingestion.WEBHOOK) {
                LOG.warn("Account {} uses ingestion=webhook, the Account Activity API, which X switches off on "
                        + "2027-01-01: move it to xaa-webhook or xaa-stream (docs/x-activity-api.md, \"Moving from the "
                        + "Account Activity API\")", account.name());
            }
        }
        return events;
    }

    /**
     * The files attached to DMs: the links envelopes carry (bean mediaLinks, route inbound-message), and the endpoint
     * that serves them (beans dmMediaFiles and mediaLinkAccess, route api-get-media).
     */
    private static void configureMedia(Registry registry, Settings settings, MediaSettings media,
            ConnectorBeans.TwitterAccess twitter, Clock clock, ApiKeyAuthentication apiKeys, ConnectorMetrics metrics) {
        if (settings.optional("media.base-url").isEmpty()
                && !settings.get("camel.server.host", "127.0.0.1").matches("127\\..*|localhost|::1")) {
            LOG.warn("media.base-url is not set: the DM media links in envelopes start with {}, which only this host "
                    + "can open; set media.base-url (MEDIA_BASE_URL) to the address helpdesks reach the API at",
                    media.baseUrl());
        }
        MediaLinks links = new MediaLinks(media, clock);
        registry.bind("mediaLinks", links);
        registry.bind("mediaLinkAccess", new MediaLinkAccess(links, apiKeys));
        registry.bind("dmMediaFiles", new DmMediaFiles(twitter.accounts(), twitter.clients(),
                new DmMediaDownload(twitter.accounts(), twitter.xApi(), media, clock),
                new MediaCache(media.cacheDir(), media.cacheMaxSize(), media.cacheTtl(), clock), metrics));
    }

    /** The REST API's key check. */
    private static ApiKeyAuthentication configureApiKeys(Registry registry, Settings settings) {
        ApiKeyAuthentication authentication = new ApiKeyAuthentication(
                List.of(settings.get("api.keys", "").split(",")));
        if (!authentication.hasKeys()) {
            LOG.warn("No api.keys configured: every call to the REST API is refused with 401");
        }
        registry.bind("apiKeyAuthentication", authentication);
        registry.bind("apiRequestSize", new RequestSize(settings.integer("api.max-body-size", 65_536)));
        return authentication;
    }

    /** The account's Twitter id for alert events; null while Twitter cannot be asked. */
    private static String accountIdOrNull(TwitterClients clients, String accountName) {
        try {
            return Long.toString(clients.accountId(accountName));
        } catch (TwitterException e) {
            return null;
        }
    }

    private static double redeliveryMultiplier(Settings settings) {
        String value = settings.get("broker.redelivery-multiplier", "2");
        try {
            double multiplier = Double.parseDouble(value);
            if (multiplier >= 1) {
                return multiplier;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("broker.redelivery-multiplier must be a number of at least 1, not '" + value + "'");
    }

    /** {@code broker.embedded.protocols}: a comma-separated list of Artemis protocols, CORE among them. */
    private static List<String> embeddedProtocols(Settings settings) {
        String value = settings.get("broker.embedded.protocols", "CORE,AMQP,STOMP,MQTT");
        List<String> protocols = Arrays.stream(value.split(",")).map(String::trim).filter(p -> !p.isEmpty())
                .map(p -> p.toUpperCase(Locale.ROOT)).distinct().toList();
        if (!protocols.contains("CORE") || !EmbeddedBroker.PROTOCOLS.containsAll(protocols)) {
            throw new IllegalArgumentException("broker.embedded.protocols must list CORE (the connector's own) and "
                    + "any of AMQP, STOMP, MQTT, not '" + value + "'");
        }
        return protocols;
    }

    /**
     * The embedded broker's login: {@code broker.user} and {@code broker.password} when set (the connector logs in
     * with them too). Without them the broker takes anonymous connections, which only a loopback acceptor may do.
     */
    private static BrokerLogin embeddedLogin(Settings settings, String host) {
        String user = settings.get("broker.user", "");
        String password = settings.get("broker.password", "");
        if (user.isEmpty() != password.isEmpty()) {
            throw new IllegalArgumentException("broker.user and broker.password go together: set both or neither");
        }
        if (!user.isEmpty()) {
            return new BrokerLogin(user, password);
        }
        if (!loopback(host)) {
            throw new IllegalArgumentException("broker.embedded.host is " + host + ", beyond loopback: set broker.user "
                    + "and broker.password, the login helpdesks and the connector use (no anonymous access from "
                    + "other hosts)");
        }
        return null;
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("broker.embedded.host: unknown host '" + host + "'", e);
        }
    }

    /** The JMS component on a pooled Artemis connection factory: the external broker, or an embedded one. */
    private JmsPoolConnectionFactory configureJms(CamelContext context, Settings settings, Path dataDir) throws Exception {
        String url = settings.get("broker.url", "");
        if (url.isEmpty()) {
            String host = settings.get("broker.embedded.host", "127.0.0.1");
            EmbeddedBroker broker = start(context, new EmbeddedBroker(dataDir.resolve("artemis"),
                    host, settings.integer("broker.embedded.port", 61616), embeddedProtocols(settings),
                    new BrokerSettings(settings.get("broker.dead-letter-address", "DLA"),
                            settings.get("broker.expiry-address", "ExpiryQueue"),
                            settings.integer("broker.max-delivery-attempts", 5),
                            settings.duration("broker.redelivery-delay", Duration.ofSeconds(1)).toMillis(),
                            redeliveryMultiplier(settings),
                            settings.duration("broker.max-redelivery-delay", Duration.ofMinutes(1)).toMillis(),
                            settings.integer("broker.duplicate-id-cache-size", 20_000)),
                    embeddedLogin(settings, host)));
            url = broker.url();
            context.getRegistry().bind("embeddedBroker", broker);
        } else {
            LOG.info("Using the external broker at {}", url);
        }
        ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory(url,
                settings.get("broker.user", null), settings.get("broker.password", null));
        // a connection attempt to a broker that is down is tried twice, this far apart, before the send fails: with
        // Artemis's default of 2 s, every webhook event waited over 2 s (one after another) for its 503, and Twitter,
        // which waits 3 s, mostly saw time-outs instead (ExternalBrokerTest counts the 503s it sees)
        artemis.setRetryInterval(BROKER_RETRY_INTERVAL_MILLIS);
        JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(artemis);
        pool.setMaxConnections(settings.integer("broker.pool.max-connections", 4));
        context.addService(new PoolService(pool), true, false);
        JmsComponent jms = JmsComponent.jmsComponent(pool);
        context.addComponent("jms", jms);
        return pool;
    }

    /**
     * HTTP delivery: the helpdesks that passed the start checks, their ticket store, a TLS context per helpdesk with
     * its own trust store, the route template's parameter source, the dead-letter replay, and every configured
     * helpdesk's health (check {@code helpdesk-<name>}, probed again by route helpdesk-probe).
     */
    private void configureHttpDelivery(CamelContext context, HelpdeskStartChecks.Result checked, Settings settings,
            Clock clock, StateDatabase database, JmsPoolConnectionFactory connections) {
        Registry registry = context.getRegistry();
        HttpHelpdesks helpdesks = checked.helpdesks();
        for (HttpHelpdesk helpdesk : helpdesks.all()) {
            helpdesk.trustStore().ifPresent(store -> registry.bind(helpdesk.sslContextBeanName(), store.parameters()));
            LOG.info("HTTP helpdesk {}: {} from queue {} ({} {}{}, auth {})", helpdesk.name(),
                    helpdesk.append().isPresent() ? "one ticket per conversation" : "one call per message",
                    helpdesk.queue(), helpdesk.create().method(), helpdesk.create().urlTemplate(),
                    helpdesk.append().map(a -> ", then " + a.method() + " " + a.urlTemplate()).orElse(""),
                    helpdesk.auth());
        }
        HelpdeskTickets tickets = new HelpdeskTickets(database.dataSource(), clock);
        HelpdeskRetries retries = HelpdeskRetries.load(settings, helpdesks, clock);
        ConnectorMetrics metrics = registry.findSingleByType(ConnectorMetrics.class);
        retries.breakers().forEach((name, breaker) -> {
            registry.bind("helpdeskBreaker-" + name, breaker);
            if (metrics != null) {
                metrics.helpdeskAvailable(name, () -> breaker.getState() == CircuitBreaker.State.CLOSED);
            }
        });
        registry.bind("httpHelpdesks", helpdesks);
        registry.bind("helpdeskRetries", retries);
        registry.bind("helpdeskTickets", tickets);
        registry.bind("helpdeskAttachments", new HelpdeskAttachments(helpdesks, metrics));
        registry.bind("httpDeliveryRoutes", new HttpDeliveryRoutes(helpdesks));
        registry.bind("deadLetterReplay", new DeadLetterReplay(connections, helpdesks, tickets, clock));
        registry.bind("ticketClosing", new TicketClosing(tickets,
                ConnectorBeans.conversationLifecycle(settings, database.dataSource(), clock)));
        // every configured helpdesk's health: left out by the start checks, its circuit breaker, its probe-url
        registry.bind("helpdeskHealth", checked.health());
        for (String name : checked.health().names()) {
            CircuitBreaker breaker = retries.breakers().get(name);
            registry.bind("helpdeskHealthCheck-" + name, new HelpdeskHealthCheck(name, checked.health()::status,
                    breaker));
            if (breaker == null && metrics != null) {
                metrics.helpdeskAvailable(name, () -> false);
            }
        }
        context.getPropertiesComponent().addOverrideProperty("helpdesk.http.probe-url-interval-millis",
                Long.toString(checked.probeInterval().toMillis()));
    }

    private static <T extends org.apache.camel.Service> T start(CamelContext context, T service) throws Exception {
        context.addService(service, true, false);
        ServiceHelper.startService(service);
        return service;
    }

    /** Closes the pooled JMS connections when the context stops (before the embedded broker). */
    private record PoolService(JmsPoolConnectionFactory pool) implements org.apache.camel.Service {
        @Override
        public void start() {
        }

        @Override
        public void stop() {
            pool.stop();
        }
    }
}
