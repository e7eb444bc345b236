package io.twitterhelpdesk.app;

import io.twitterhelpdesk.config.ApiServerConfig;
import io.twitterhelpdesk.broker.BrokerConfig;
import io.twitterhelpdesk.config.ClusterConfig;
import io.twitterhelpdesk.config.ConversationConfig;
import io.twitterhelpdesk.config.HealthConfig;
import io.twitterhelpdesk.config.InboundConfig;
import io.twitterhelpdesk.config.MediaConfig;
import io.twitterhelpdesk.config.OutboundConfig;
import io.twitterhelpdesk.config.SandboxConfig;
import io.twitterhelpdesk.config.Settings;
import io.twitterhelpdesk.config.StateConfig;
import io.twitterhelpdesk.config.TwitterApiConfig;
import io.twitterhelpdesk.config.XActivityConfig;
import io.twitterhelpdesk.conversation.ConversationLifecycle;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
import org.apache.camel.component.micrometer.MicrometerConstants;
import io.micrometer.core.instrument.MeterRegistry;
import io.twitterhelpdesk.config.CostConfig;
import io.twitterhelpdesk.cost.CostMeter;
import io.twitterhelpdesk.cost.UsageReport;
import io.twitterhelpdesk.embed.ConnectorBeans;
import io.twitterhelpdesk.inbound.DuePolls;
import io.twitterhelpdesk.inbound.IntakeBatches;
import io.twitterhelpdesk.routing.QueueBatches;
import io.twitterhelpdesk.inbound.IntakeWriter;
import io.twitterhelpdesk.inbound.CustomerDirectory;
import io.twitterhelpdesk.state.GroupCommit;
import io.twitterhelpdesk.state.StateDatabase;
import io.twitterhelpdesk.webhook.AccountActivityEvents;
import io.twitterhelpdesk.webhook.WebhookSignature;
import io.twitterhelpdesk.xapi.XApiTransport;
import io.twitterhelpdesk.outbound.ReplyGrouping;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.StartupListener;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.LifecycleStrategySupport;
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
    /** Reply requests moved into their message groups per broker transaction, at most (one journal write each). */
    private static final int REPLY_GROUPING_BATCH = 200;
    /** What an intake message (a list of polled messages: twitter4j's v1.1 objects, v2 JSON trees) may hold. */
    private static final String INTAKE_CLASSES = "io.twitterhelpdesk,twitter4j,com.fasterxml.jackson.databind.node,"
            + "java.lang,java.util,java.time,java.math";
    /** How long the reply intake waits for a request before it closes its consumer until the next poll. */
    private static final long REPLY_GROUPING_WAIT_MILLIS = 500;
    /**
     * How long a sender's batch takes more requests: its first status events wait at most this and one send for the
     * batch's commit (with X's answers in 100-500 ms, a batch is mostly one or two replies; a backlog sent to a fast
     * X fills it to outbound.sender-batch).
     */
    private static final Duration REPLY_BATCH_TIME = Duration.ofMillis(200);
    /**
     * What a reply sender's consumer takes ahead: a few requests of a few hundred bytes (a request with inline media
     * is larger, and comes alone), so the conversations of a backlog spread over the senders as they ask.
     */
    private static final int REPLY_SENDER_WINDOW_BYTES = 4 * 1024;

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context.getPropertiesComponent()::resolveProperty);
        Registry registry = context.getRegistry();
        Clock bound = registry.lookupByNameAndType("clock", Clock.class);
        Clock clock = bound != null ? bound : Clock.systemUTC();
        // every configuration class bound and checked before anything starts: a bad value refuses the start naming
        // its key (the twitter.api.* keys are bound again once sandbox mode has pointed them at the sandbox)
        StateConfig state = settings.bind(new StateConfig());
        SandboxConfig sandboxConfig = settings.bind(new SandboxConfig());
        BrokerConfig broker = settings.bind(new BrokerConfig());
        ApiServerConfig server = settings.bind(new ApiServerConfig());
        MediaConfig mediaConfig = settings.bind(new MediaConfig());
        HealthConfig health = settings.bind(new HealthConfig());
        ClusterConfig cluster = settings.bind(new ClusterConfig());
        XActivityConfig xaa = settings.bind(new XActivityConfig());
        TwitterApiConfig twitterApi = settings.bind(new TwitterApiConfig());
        ConversationConfig conversation = settings.bind(new ConversationConfig());
        InboundConfig inboundConfig = settings.bind(new InboundConfig());
        OutboundConfig outbound = settings.bind(new OutboundConfig());
        settings.bind(new CostConfig());
        Path dataDir = state.dataDir();

        AccountRegistry accounts = AccountRegistry.load(settings.source());
        // before anything starts: a broken helpdesk configuration refuses the start at once
        HelpdeskStartChecks.Result helpdesks = HelpdeskStartChecks.run(context, settings, clock);
        String restBaseUrl = twitterApi.restBaseUrl();
        if (sandboxConfig.enabled()) {
            SandboxLauncher sandbox = start(context, new SandboxLauncher(sandboxConfig.host(),
                    sandboxConfig.apiPort(), sandboxConfig.adminPort(), sandboxConfig.rateLimitsEnabled(), accounts,
                    dataDir));
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
        twitterApi = settings.bind(new TwitterApiConfig());
        MediaSettings media = MediaSettings.from(mediaConfig, server, twitterApi, dataDir);

        StateDatabase database = start(context, new StateDatabase(state.url(), state.user(), state.password(),
                state.poolMaxConnections()));
        Operations operations = Operations.prepare(context, accounts, clock);
        XApiTransport transport = configureXApi(context, twitterApi);
        ConnectorBeans.TwitterAccess twitter = ConnectorBeans.twitterAccess(settings, accounts, restBaseUrl,
                database.dataSource(), clock, transport, !sandboxConfig.enabled());
        twitter.bindTo(registry);
        // the cost meter counts in /observe/metrics; what it counted: route x-usage-daily-summary, GET .../usage
        CostMeter costMeter = twitter.clients().meter();
        costMeter.publishTo(registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                MeterRegistry.class));
        registry.bind("usageReport", new UsageReport(costMeter));
        // the daily spend cap's WARN and alerts (route spend-cap-check); the polls and replies it stops check it too
        registry.bind("spendCap", ConnectorBeans.spendCap(settings, twitter));
        context.getPropertiesComponent().addOverrideProperty("cost.cap.check-interval-millis",
                Long.toString(settings.bind(new CostConfig()).checkInterval().toMillis()));

        BrokerConnections brokerConnections = configureJms(context, broker, dataDir);
        JmsPoolConnectionFactory connections = brokerConnections.pooled();
        configureHttpDelivery(context, helpdesks, settings, clock, database, connections, conversation);

        ConnectorBeans.Inbound inbound = ConnectorBeans.inbound(settings, twitter, database.dataSource(), clock,
                operations.pollObserver());
        inbound.bindTo(registry);
        // the intake (routes intake and intake-processing): what a source read, made durable once, per conversation
        String intakeQueue = context.resolvePropertyPlaceholders("{{inbound.intake-queue}}");
        registry.bind("intakeWriter", new IntakeWriter(connections, intakeQueue));
        // its consumers, in batches, each intake message through route intake-processing
        consume(context, "intakeBatches", new IntakeBatches(brokerConnections.buffered(), connections,
                GroupCommit.on(database.dataSource()), intakeQueue, inboundConfig.intakeConsumers(),
                inboundConfig.intakeBatch(), "intake-processing"));
        // every account's polls on one scheduler of due polls, through one route (account-poll, whose route policy it
        // is); the pool's queue holds every poll's next run: unbounded (Camel's default profile refuses more than 1000)
        DuePolls duePolls = DuePolls.of(accounts, context.getExecutorServiceManager().newScheduledThreadPool(accounts,
                "Poller", new ThreadPoolProfileBuilder("pollers").poolSize(inboundConfig.pollThreads()).maxQueueSize(0)
                        .build()), inboundConfig.initialDelay().toMillis());
        registry.bind("duePolls", duePolls);
        // no poll starts once the connector is stopping (before its routes stop)
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopping(CamelContext camelContext) {
                duePolls.cancel();
            }
        });

        TwitterClients clients = twitter.clients();
        registry.bind("silenceMonitor", new SilenceMonitor(accounts, inbound.channelActivity(), clock,
                name -> accountIdOrNull(clients, name)));
        AccountHealth accountHealth = configureAccountHealth(context, health, twitter, clock);
        AccountActivityEvents accountActivity = configureWebhook(registry, server, twitterApi, accounts,
                twitter.clients(), inbound.customers(), operations);
        ActivityApiConfiguration.configure(context, xaa, server, twitterApi, sandboxConfig.enabled(), twitter,
                database.dataSource(), clock, operations, accountHealth, inbound.customers(), accountActivity);
        ConnectorBeans.replies(settings, twitter, database.dataSource(), clock, operations.metrics(), accountHealth)
                .bindTo(registry);
        // the reply intake (route reply-grouping): helpdesks' requests into their conversations' message groups
        ReplyGrouping grouping = new ReplyGrouping(connections, REPLY_GROUPING_BATCH, REPLY_GROUPING_WAIT_MILLIS);
        context.addService(grouping, true, false);
        registry.bind("replyGrouping", grouping);
        // the senders (route reply-sender): outbound.concurrent-consumers consumers of the senders' queue, each
        // taking up to outbound.sender-batch requests in one broker transaction with their status events
        consume(context, "replySenders", new QueueBatches("Reply", brokerConnections.senders(), connections,
                context.resolvePropertyPlaceholders("{{outbound.grouped-queue}}"),
                new QueueBatches.Batching(outbound.concurrentConsumers(), outbound.senderBatch(), REPLY_BATCH_TIME),
                "reply-sender", (message, exchange) -> exchange.setBody(ReplyGrouping.text(message)),
                QueueBatches.NO_WORK));
        ApiKeyAuthentication apiKeys = configureApiKeys(registry, server);
        MediaLinks mediaLinks = configureMedia(registry, mediaConfig, server, media, twitter, clock, apiKeys,
                operations.metrics());
        // the inbound pipeline's steps (the Kamelet twitter-helpdesk-source, route inbound-message)
        registry.bind("inboundSteps", inbound.steps(mediaLinks, operations.metrics()));
        operations.start(context, cluster, health, database, connections,
                broker.embedded() ? "embedded" : "external", accountHealth, duePolls);
    }

    /**
     * The accounts' health: checked once the routes run (v2 calls go through route x-api-request), before the
     * connector counts as started, where two accounts resolving to one Twitter id stop the start; then every
     * {@code health.account-check-interval} by route account-health-check.
     */
    private static AccountHealth configureAccountHealth(CamelContext context, HealthConfig config,
            ConnectorBeans.TwitterAccess twitter, Clock clock) throws Exception {
        AccountHealth health = new AccountHealth(twitter.accounts(), twitter.clients(), twitter.xApi(), clock);
        context.getRegistry().bind("accountHealth", health);
        context.getPropertiesComponent().addOverrideProperty("health.account-check-interval-millis",
                Long.toString(config.accountCheckInterval().toMillis()));
        if (config.accountCheckAtStart()) {
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
     * The X API v2 transport of v2 accounts (routes x-api-request and x-oauth2-token); the routes read the timeouts in
     * milliseconds, derived here from the duration keys.
     */
    private static XApiTransport configureXApi(CamelContext context, TwitterApiConfig config) {
        // camel-http takes its timeouts in milliseconds: the routes read these, derived from the duration keys
        context.getPropertiesComponent().addOverrideProperty("twitter.api.connect-timeout-millis",
                Long.toString(config.connectTimeout().toMillis()));
        context.getPropertiesComponent().addOverrideProperty("twitter.api.read-timeout-millis",
                Long.toString(config.readTimeout().toMillis()));
        return new XApiTransport(context);
    }

    /**
     * The webhook: its signature check (the app's consumer secrets: {@code webhook.consumer-secret}, else the
     * accounts' and {@code twitter.app.consumer-secret}) and its Account Activity event reader.
     */
    private AccountActivityEvents configureWebhook(Registry registry, ApiServerConfig server,
            TwitterApiConfig twitterApi, AccountRegistry accounts, TwitterClients clients, CustomerDirectory customers,
            Operations operations) {
        List<String> secrets = server.webhookConsumerSecret().map(List::of)
                .orElseGet(() -> java.util.stream.Stream.concat(
                        accounts.all().stream().map(Account::consumerSecret),
                        twitterApi.appConsumerSecret().stream())
                        .filter(Objects::nonNull).distinct().toList());
        registry.bind("webhookSignature", new WebhookSignature(secrets));
        AccountActivityEvents events = new AccountActivityEvents(accounts, clients, customers,
                server.webhookAppId(), operations.heartbeats()::webhook);
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
     * The files attached to DMs: the links envelopes carry (the inbound pipeline's steps), and the endpoint
     * that serves them (beans dmMediaFiles and mediaLinkAccess, route api-get-media).
     */
    private static MediaLinks configureMedia(Registry registry, MediaConfig config, ApiServerConfig server,
            MediaSettings media, ConnectorBeans.TwitterAccess twitter, Clock clock, ApiKeyAuthentication apiKeys,
            ConnectorMetrics metrics) {
        if (config.baseUrl().isEmpty() && !server.loopback()) {
            LOG.warn("media.base-url is not set: the DM media links in envelopes start with {}, which only this host "
                    + "can open; set media.base-url (MEDIA_BASE_URL) to the address helpdesks reach the API at",
                    media.baseUrl());
        }
        MediaLinks links = new MediaLinks(media, clock);
        registry.bind("mediaLinkAccess", new MediaLinkAccess(links, apiKeys));
        registry.bind("dmMediaFiles", new DmMediaFiles(twitter.accounts(), twitter.clients(),
                new DmMediaDownload(twitter.accounts(), twitter.xApi(), media, clock),
                new MediaCache(media.cacheDir(), media.cacheMaxSize(), media.cacheTtl(), clock), metrics));
        return links;
    }

    /** The REST API's key check. */
    private static ApiKeyAuthentication configureApiKeys(Registry registry, ApiServerConfig server) {
        ApiKeyAuthentication authentication = new ApiKeyAuthentication(server.keys());
        if (!authentication.hasKeys()) {
            LOG.warn("No api.keys configured: every call to the REST API is refused with 401");
        }
        registry.bind("apiKeyAuthentication", authentication);
        registry.bind("apiRequestSize", new RequestSize(server.maxBodySize()));
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

    /**
     * Consumers of a queue in batches: started once the context has started, stopped before its routes, and bound as
     * {@code name}, the route policy of the route they feed (an admin's stop of the route pauses them).
     */
    private static void consume(CamelContext context, String name, QueueBatches batches) throws Exception {
        context.getRegistry().bind(name, batches);
        context.addStartupListener(batches);
        context.addLifecycleStrategy(batches);
    }

    /**
     * The embedded broker's login: {@code broker.user} and {@code broker.password} when set (the connector logs in
     * with them too); else none, anonymous connections (which {@link BrokerConfig} allows a loopback acceptor only).
     */
    private static BrokerLogin embeddedLogin(BrokerConfig config) {
        return config.user() == null ? null : new BrokerLogin(config.user(), config.password());
    }

    /**
     * The broker's connection factories: the pool Camel's JMS component and the connector's own clients use (no
     * messages buffered ahead in a consumer), one whose consumers have Artemis's default window, for consumers
     * that take many messages at once and keep their consumer open (the intake's batches), and one whose consumers
     * take a few requests ahead (the reply senders' batches: a backlog's conversations spread over the senders).
     */
    record BrokerConnections(JmsPoolConnectionFactory pooled, ConnectionFactory buffered, ConnectionFactory senders) {
    }

    /** The JMS component on a pooled Artemis connection factory: the external broker, or an embedded one. */
    private BrokerConnections configureJms(CamelContext context, BrokerConfig config, Path dataDir)
            throws Exception {
        String url = config.url();
        if (config.embedded()) {
            EmbeddedBroker broker = start(context, new EmbeddedBroker(dataDir.resolve("artemis"),
                    config.embeddedHost(), config.embeddedPort(), config.embeddedProtocols(),
                    new BrokerSettings(config.deadLetterAddress(), config.expiryAddress(),
                            config.maxDeliveryAttempts(), config.redeliveryDelay().toMillis(),
                            config.redeliveryMultiplier(), config.maxRedeliveryDelay().toMillis(),
                            config.duplicateIdCacheSize()),
                    embeddedLogin(config)));
            url = broker.url();
            context.getRegistry().bind("embeddedBroker", broker);
        } else {
            LOG.info("Using the external broker at {}", url);
        }
        ActiveMQConnectionFactory artemis = artemis(url, config);
        // no messages buffered ahead in a consumer: what the broker had pushed ahead to a consumer went back to the
        // queue when it closed (after a failure, at a stop), where a message group's next request could overtake it
        // (ReplyOrderingTest, several reply senders competing for a backlog, saw one conversation's first reply sent
        // last when Spring still closed every consumer after each message)
        artemis.setConsumerWindowSize(0);
        JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(artemis);
        pool.setMaxConnections(config.poolMaxConnections());
        // the intake's batch consumers: with no window, each message of a batch after the first was a round trip
        // to the broker that, on a busy machine, often came back empty while the queue held more (batches of 1.8
        // intake messages on average in the bench). Their consumers stay open; what one buffered goes back to the
        // queue, in order, when it closes
        ActiveMQConnectionFactory buffered = artemis(url, config);
        // the reply senders' consumers: a window of a few requests each. With the default (1 MiB), the first sender
        // to open took a whole backlog into its buffer, and with it every conversation's message group: one sender
        // then sent them all, one after the other (ReplyOrderingTest's 20 replies all on one thread), which against
        // X's 100-500 ms per send would undo the senders' number
        ActiveMQConnectionFactory senders = artemis(url, config);
        senders.setConsumerWindowSize(REPLY_SENDER_WINDOW_BYTES);
        context.addService(new PoolService(pool, buffered, senders), true, false);
        JmsComponent jms = JmsComponent.jmsComponent(pool);
        // the transacted consumers (transacted: true in the routes) use local JMS transactions on their own session:
        // the message is consumed, and what the route sends to the broker meanwhile (on the same thread, through the
        // same connection factory) is sent, in that session's one transaction, committed when the route completes and
        // rolled back when it fails. With Camel's default, a JmsTransactionManager made for each consumer, Spring
        // caches nothing (CACHE_AUTO is CACHE_NONE with a transaction manager): every receive, also every empty one
        // each second, opened and closed a session and a consumer on the broker, which was most of the idle CPU with
        // 1,000 accounts (13 consumers). Without it Spring keeps each consumer open (CACHE_CONSUMER). Not to be
        // combined with CACHE_CONSUMER under a transaction manager: that receives on the cached session and sends
        // and commits on the manager's, two transactions.
        jms.getConfiguration().setLazyCreateTransactionManager(false);
        // a consumer that keeps its connection opens it as its route starts, one after the other on the starting
        // thread (about 0.4 s more per start with the routes' JMS consumers): they open it in the background instead,
        // and take their messages once it is open (they wait on their queues meanwhile)
        jms.getConfiguration().setAsyncStartListener(true);
        context.addComponent("jms", jms);
        return new BrokerConnections(pool, buffered, senders);
    }

    private static ActiveMQConnectionFactory artemis(String url, BrokerConfig config) {
        ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory(url, config.user(), config.password());
        // a connection attempt to a broker that is down is tried twice, this far apart, before the send fails: with
        // Artemis's default of 2 s, every webhook event waited over 2 s (one after another) for its 503, and Twitter,
        // which waits 3 s, mostly saw time-outs instead (ExternalBrokerTest counts the 503s it sees)
        artemis.setRetryInterval(BROKER_RETRY_INTERVAL_MILLIS);
        // the intake queue's messages are the messages a source read, as Java objects (IntakeWriter): only the
        // connector's own classes and what they hold are read back from an object message
        artemis.setDeserializationAllowList(INTAKE_CLASSES);
        return artemis;
    }

    /**
     * HTTP delivery: the helpdesks that passed the start checks, their ticket store, a TLS context per helpdesk with
     * its own trust store, the route template's parameter source, the dead-letter replay, and every configured
     * helpdesk's health (check {@code helpdesk-<name>}, probed again by route helpdesk-probe).
     */
    private void configureHttpDelivery(CamelContext context, HelpdeskStartChecks.Result checked, Settings settings,
            Clock clock, StateDatabase database, JmsPoolConnectionFactory connections,
            ConversationConfig conversation) {
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
                new ConversationLifecycle(database.dataSource(), clock, conversation.inactivityTimeout())));
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

    /** Closes the JMS connections when the context stops (before the embedded broker). */
    private record PoolService(JmsPoolConnectionFactory pool, ActiveMQConnectionFactory buffered,
            ActiveMQConnectionFactory senders)
            implements org.apache.camel.Service {
        @Override
        public void start() {
        }

        @Override
        public void stop() {
            pool.stop();
            buffered.close();
            senders.close();
        }
    }
}
