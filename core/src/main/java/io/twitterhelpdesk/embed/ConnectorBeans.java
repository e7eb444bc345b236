package io.twitterhelpdesk.embed;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

import javax.sql.DataSource;

import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.account.AccountConfigurationException;
import io.twitterhelpdesk.health.AccountHealth;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.account.CredentialsListener;
import io.twitterhelpdesk.xapi.TwitterClients;
import io.twitterhelpdesk.state.ChannelActivityStore;
import io.twitterhelpdesk.config.ConversationConfig;
import io.twitterhelpdesk.config.CostConfig;
import io.twitterhelpdesk.cost.AccountApps;
import io.twitterhelpdesk.cost.CostMeter;
import io.twitterhelpdesk.cost.SpendCap;
import io.twitterhelpdesk.state.BillableUsage;
import io.twitterhelpdesk.config.InboundConfig;
import io.twitterhelpdesk.config.OutboundConfig;
import io.twitterhelpdesk.config.Settings;
import io.twitterhelpdesk.config.TwitterApiConfig;
import io.twitterhelpdesk.conversation.ConversationCommands;
import io.twitterhelpdesk.conversation.ConversationLifecycle;
import io.twitterhelpdesk.state.ConversationStore;
import io.twitterhelpdesk.inbound.CustomerActivity;
import io.twitterhelpdesk.inbound.CustomerDirectory;
import io.twitterhelpdesk.inbound.DirectMessagePoller;
import io.twitterhelpdesk.inbound.InboundEnvelopes;
import io.twitterhelpdesk.inbound.InboundLocks;
import io.twitterhelpdesk.media.MediaLinks;
import io.twitterhelpdesk.metrics.ConnectorMetrics;
import io.twitterhelpdesk.pipeline.ConnectorInboundSteps;
import io.twitterhelpdesk.inbound.MentionPoller;
import io.twitterhelpdesk.inbound.PollCursors;
import io.twitterhelpdesk.inbound.PollGate;
import io.twitterhelpdesk.inbound.PollObserver;
import io.twitterhelpdesk.metrics.ConnectorMetrics;
import io.twitterhelpdesk.state.DeliveredIds;
import io.twitterhelpdesk.state.GroupCommit;
import io.twitterhelpdesk.inbound.V2Poller;
import io.twitterhelpdesk.outbound.DailySendBudget;
import io.twitterhelpdesk.outbound.KnownAccounts;
import io.twitterhelpdesk.outbound.MediaRules;
import io.twitterhelpdesk.outbound.ReplyMediaUploads;
import io.twitterhelpdesk.outbound.ReplyDecision;
import io.twitterhelpdesk.outbound.ReplyIntake;
import io.twitterhelpdesk.outbound.ReplyPolicy;
import io.twitterhelpdesk.outbound.ReplyPrices;
import io.twitterhelpdesk.outbound.ReplyProcessor;
import io.twitterhelpdesk.outbound.SendBudget;
import io.twitterhelpdesk.outbound.SendLimits;
import io.twitterhelpdesk.outbound.TwitterApis;
import io.twitterhelpdesk.outbound.TwitterSender;
import io.twitterhelpdesk.xapi.MediaUpload;
import io.twitterhelpdesk.state.ReplyLedger;
import io.twitterhelpdesk.state.StateStore;
import io.twitterhelpdesk.state.LookedUpUsers;
import io.twitterhelpdesk.xapi.AppBearerToken;
import io.twitterhelpdesk.state.OAuth2TokenStore;
import io.twitterhelpdesk.xapi.OAuth2Tokens;
import io.twitterhelpdesk.xapi.XApiClient;
import io.twitterhelpdesk.xapi.XApiTransport;
import io.twitterhelpdesk.xapi.XAuthorization;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spi.Registry;

/**
 * The connector's Java pieces, built from its configuration keys (the keys and defaults of application.properties)
 * in one place, for every runtime that uses them: the standalone connector ({@code ConnectorConfiguration}), the
 * Kamelets ({@link KameletAccounts}) and any other Camel application that wires them itself. Three groups, so a
 * runtime takes only what it runs:
 * <ul>
 * <li>{@link TwitterAccess}: the accounts' Twitter clients (twitter4j for v1.1, {@link XApiClient} for v2);</li>
 * <li>{@link Inbound}: pollers, echo and dedup state, envelope mapping, cursors, customer activity;</li>
 * <li>{@link Replies}: sending rules, reply bookkeeping, the sender and its per-account budget.</li>
 * </ul>
 * {@code bindTo} binds each group under the bean names the YAML routes and the Kamelets call.
 */
public final class ConnectorBeans {

    private ConnectorBeans() {
    }

    /** How the connector talks to Twitter for a set of accounts. */
    public record TwitterAccess(AccountRegistry accounts, TwitterClients clients, XApiClient xApi) {

        public void bindTo(Registry registry) {
            registry.bind("accountRegistry", accounts);
            registry.bind("twitterClients", clients);
            registry.bind("xApiClient", xApi);
        }
    }

    /**
     * The accounts' clients: twitter4j at {@code restBaseUrl} (v1.1 accounts), the X API v2 client at
     * {@code twitter.api.v2-base-url} through {@code transport}, with OAuth 2.0 tokens kept in the state database.
     *
     * @param resumeSavedTokens whether OAuth 2.0 tokens saved by an earlier run take over from the configured ones
     *                          (false against the sandbox, which forgets its grants when it stops)
     */
    public static TwitterAccess twitterAccess(Settings settings, AccountRegistry accounts, String restBaseUrl,
            DataSource state, Clock clock, XApiTransport transport, boolean resumeSavedTokens) {
        TwitterApiConfig api = settings.bind(new TwitterApiConfig());
        OAuth2Tokens tokens = new OAuth2Tokens(accounts, new OAuth2TokenStore(state, clock), transport, clock,
                resumeSavedTokens);
        CostMeter meter = costMeter(settings, api, accounts, state, clock);
        XApiClient xApi = new XApiClient(accounts, new XAuthorization(accounts, tokens), tokens, transport,
                api.v2BaseUrl(), appBearerToken(api, accounts, transport), meter);
        TwitterClients clients = new TwitterClients(accounts, restBaseUrl, api.uploadBaseUrl(),
                (int) api.connectTimeout().toMillis(), (int) api.readTimeout().toMillis(), xApi, meter);
        meter.identifyAccountsWith(name -> Long.toString(clients.accountId(name)));
        return new TwitterAccess(accounts, clients, xApi);
    }

    /**
     * The cost meter: the rates of {@code cost.rates-file} in {@code cost.currency}, the counts in the state database.
     *
     * @throws IllegalArgumentException naming the key when the rates file is missing or malformed
     */
    static CostMeter costMeter(Settings settings, TwitterApiConfig api, AccountRegistry accounts, DataSource state,
            Clock clock) {
        return new CostMeter(new BillableUsage(state), settings.bind(new CostConfig()).rates(), clock,
                new AccountApps(accounts, api.appConsumerKey()), accounts.names());
    }

    /**
     * The daily spend cap on the meter's counts: {@code cost.daily-cap} for all accounts together,
     * {@code twitter.account.<name>.daily-spend-cap} per account, {@code cost.cap.replies-to-waiting-customers}.
     *
     * @throws IllegalArgumentException naming the key of a cap that is not an amount, not more than 0 or absurd
     */
    public static SpendCap spendCap(Settings settings, TwitterAccess twitter) {
        CostConfig cost = settings.bind(new CostConfig());
        Map<String, java.math.BigDecimal> caps = new java.util.LinkedHashMap<>();
        for (String name : twitter.accounts().names()) {
            String key = "twitter.account." + name + ".daily-spend-cap";
            CostConfig.cap(key, settings.optional(key)).ifPresent(cap -> caps.put(name, cap));
        }
        return SpendCap.of(twitter.clients().meter(), cost.globalCap(), caps, cost.repliesToWaitingCustomers());
    }

    /**
     * The app-only bearer token of the X Activity API calls: {@code twitter.app.bearer-token}, else obtained with
     * {@code twitter.app.consumer-key} and {@code twitter.app.consumer-secret} (by default the consumer key and secret
     * of the accounts on the X Activity API, when they share one app) at {@code twitter.api.app-token-url}. Null
     * when no account uses the X Activity API and no key is set.
     *
     * @throws AccountConfigurationException naming the keys when an account needs it and it cannot be made
     */
    static AppBearerToken appBearerToken(TwitterApiConfig api, AccountRegistry accounts, XApiTransport transport) {
        List<Account> activity = accounts.all().stream().filter(a -> a.ingestion().activityApi()).toList();
        Optional<String> bearer = api.appBearerToken();
        Optional<String> key = api.appConsumerKey().or(() -> shared(activity, Account::consumerKey));
        Optional<String> secret = api.appConsumerSecret().or(() -> shared(activity, Account::consumerSecret));
        if (bearer.isEmpty() && (key.isEmpty() || secret.isEmpty())) {
            if (activity.isEmpty()) {
                return null;
            }
            throw new AccountConfigurationException("Account " + activity.get(0).name() + " uses the X Activity API ("
                    + activity.get(0).ingestion() + "), which needs the app's bearer token: set twitter.app.bearer-token"
                    + " (TWITTER_APP_BEARER_TOKEN), or twitter.app.consumer-key and twitter.app.consumer-secret");
        }
        return new AppBearerToken(bearer.orElse(null), key.orElse(null), secret.orElse(null),
                api.appTokenUrl(), transport);
    }

    /** The value all these accounts share, if they share exactly one. */
    private static Optional<String> shared(List<Account> accounts, Function<Account, String> value) {
        List<String> values = accounts.stream().map(value).filter(Objects::nonNull).distinct().toList();
        return values.size() == 1 && accounts.stream().map(value).allMatch(Objects::nonNull)
                ? Optional.of(values.get(0)) : Optional.empty();
    }

    public static Duration connectTimeout(Settings settings) {
        return settings.bind(new TwitterApiConfig()).connectTimeout();
    }

    public static Duration readTimeout(Settings settings) {
        return settings.bind(new TwitterApiConfig()).readTimeout();
    }

    /** The inbound side of the accounts: from a poll to an envelope, and what is remembered once it is delivered. */
    public record Inbound(StateStore state, JdbcMessageIdRepository delivered, CustomerDirectory customers,
            DirectMessagePoller dmPoller, MentionPoller mentionPoller, V2Poller v2DmPoller, V2Poller v2MentionPoller,
            InboundEnvelopes envelopes, PollCursors cursors, CustomerActivity customerActivity,
            ConversationStore conversations, ChannelActivityStore channelActivity, ConversationLifecycle lifecycle) {

        /**
         * The Java steps of the inbound action Kamelet on this state, with the connector's media links and counters
         * (either may be null: links stay X's, nothing is counted).
         */
        public ConnectorInboundSteps steps(MediaLinks mediaLinks, ConnectorMetrics metrics) {
            return new ConnectorInboundSteps(envelopes, mediaLinks, customerActivity, cursors, delivered, new InboundLocks(),
                    metrics);
        }

        public void bindTo(Registry registry) {
            registry.bind("stateStore", state);
            registry.bind("dmPoller", dmPoller);
            registry.bind("mentionPoller", mentionPoller);
            registry.bind("v2DmPoller", v2DmPoller);
            registry.bind("v2MentionPoller", v2MentionPoller);
            registry.bind("pollCursors", cursors);
            registry.bind("conversationLifecycle", lifecycle);
            registry.bind("conversationCommands", new ConversationCommands(lifecycle));
        }
    }

    /**
     * Pollers at the configured page sizes ({@code inbound.*.page-size}, {@code inbound.max-pages-per-poll}) with
     * the configured error backoff, the delivered ids in the state database (camel-sql's JDBC idempotent
     * repository, processor name {@code inbound}), the envelope mapping and the records kept once delivered.
     */
    public static Inbound inbound(Settings settings, TwitterAccess twitter, DataSource state, Clock clock) {
        return inbound(settings, twitter, state, clock, PollObserver.NONE);
    }

    /** The same, with every poll's outcome reported to {@code observer} (the connector's health and metrics). */
    public static Inbound inbound(Settings settings, TwitterAccess twitter, DataSource state, Clock clock,
            PollObserver observer) {
        StateStore store = new StateStore(state, clock);
        JdbcMessageIdRepository delivered = new DeliveredIds(state, "inbound");
        delivered.setCreateTableIfNotExists(false);
        InboundConfig config = settings.bind(new InboundConfig());
        AccountRegistry accounts = twitter.accounts();
        PollGate gate = new PollGate(clock, config.errorBackoff(), config.errorBackoffMax(), observer,
                spendCap(settings, twitter), name -> accounts.get(name).ingestion().activityApi());
        int maxPages = config.maxPagesPerPoll();
        CustomerDirectory customers = new CustomerDirectory(10_000, new LookedUpUsers(state), clock);
        TwitterClients clients = twitter.clients();
        ConversationStore conversations = new ConversationStore(state, clock);
        ChannelActivityStore channelActivity = new ChannelActivityStore(state);
        ConversationLifecycle lifecycle = conversationLifecycle(settings, state, clock);
        return new Inbound(store, delivered, customers,
                new DirectMessagePoller(clients, store, gate, customers,
                        config.dmPageSize(), maxPages),
                new MentionPoller(clients, store, gate, config.mentionPageSize(), maxPages),
                V2Poller.directMessages(twitter.xApi(), clients, store, gate, config.v2DmPageSize(), maxPages),
                V2Poller.mentions(twitter.xApi(), clients, store, gate, config.v2MentionPageSize(), maxPages),
                new InboundEnvelopes(twitter.accounts(), clients, store, lifecycle, clock),
                new PollCursors(store),
                new CustomerActivity(conversations, channelActivity, GroupCommit.on(state), clock),
                conversations, channelActivity, lifecycle);
    }

    /** Conversations of a key end after {@code conversation.inactivity-timeout} without a customer message (24h). */
    public static ConversationLifecycle conversationLifecycle(Settings settings, DataSource state, Clock clock) {
        return new ConversationLifecycle(state, clock,
                settings.bind(new ConversationConfig()).inactivityTimeout());
    }

    /** The reply side of the accounts: intake checks, sending rules, bookkeeping, the sender. */
    public record Replies(ConversationStore conversations, KnownAccounts knownAccounts, ReplyIntake intake,
            ReplyProcessor processor, TwitterSender sender) {

        public void bindTo(Registry registry) {
            registry.bind("knownAccounts", knownAccounts);
            registry.bind("replyIntake", intake);
            registry.bind("replyProcessor", processor);
            registry.bind("twitterSender", sender);
        }
    }

    /**
     * The sending rules at {@code outbound.dm.max-per-window} within {@code outbound.dm.window}, and the sender
     * with the per-account budgets {@code outbound.dm.budget} and {@code outbound.tweet.budget}.
     */
    public static Replies replies(Settings settings, TwitterAccess twitter, DataSource state, Clock clock) {
        return replies(settings, twitter, state, clock,
                new ConnectorMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), twitter.accounts()));
    }

    /** The same, counting sends in {@code metrics} (the connector's Prometheus metrics). */
    public static Replies replies(Settings settings, TwitterAccess twitter, DataSource state, Clock clock,
            ConnectorMetrics metrics) {
        return replies(settings, twitter, state, clock, metrics, null);
    }

    /**
     * The same, with the accounts' health ({@code health}, null for none): told when Twitter refuses an account's
     * credentials on a send, and shown in the account list.
     */
    public static Replies replies(Settings settings, TwitterAccess twitter, DataSource state, Clock clock,
            ConnectorMetrics metrics, AccountHealth health) {
        ConversationStore conversations = new ConversationStore(state, clock);
        OutboundConfig config = settings.bind(new OutboundConfig());
        int maxSendsPerWindow = config.dmMaxPerWindow();
        CredentialsListener credentials = health == null ? CredentialsListener.NONE : health;
        KnownAccounts knownAccounts = new KnownAccounts(twitter.accounts(), twitter.clients(),
                health == null ? name -> java.util.Optional.empty() : health::status);
        ReplyPolicy policy = new ReplyPolicy(conversations, clock, maxSendsPerWindow,
                config.dmWindow(), knownAccounts::nameOf, config.urlReplies());
        SendBudget budget = new SendBudget(clock, Map.of(
                ReplyDecision.Mode.DM, new SendBudget.Limit(config.dmBudget(), config.dmBudgetWindow()),
                ReplyDecision.Mode.PUBLIC, new SendBudget.Limit(config.tweetBudget(), config.tweetBudgetWindow())));
        MediaRules media = mediaRules(config);
        ReplyLedger ledger = new ReplyLedger(state, clock);
        SendLimits limits = new SendLimits(new DailySendBudget(state, clock, dailyBudgets(settings, config)), budget,
                conversations, maxSendsPerWindow);
        TwitterApis apis = new TwitterApis(twitter.accounts(), twitter.clients(), twitter.xApi());
        return new Replies(conversations, knownAccounts, new ReplyIntake(ledger, conversations, knownAccounts, media),
                new ReplyProcessor(ledger, policy, media, new ReplyPrices(twitter.clients().meter().rates())),
                new TwitterSender(apis, ledger, limits, new StateStore(state, clock),
                        new ReplyMediaUploads(media, ledger, twitter.accounts(), twitter.clients(),
                                new MediaUpload(twitter.xApi(), clock), clock),
                        metrics, credentials, clock, spendCap(settings, twitter)));
    }

    /**
     * What media replies may carry: {@code outbound.media.max-bytes}, {@code outbound.media.allowed-types}
     * (comma-separated, among {@link MediaRules#KNOWN_TYPES}) and {@code outbound.media.fetch-timeout}.
     *
     * @throws IllegalArgumentException naming the key for a type that is not a known one (sizes and timeouts are
     *                                  checked by {@link OutboundConfig})
     */
    static MediaRules mediaRules(OutboundConfig config) {
        Set<String> types = new LinkedHashSet<>();
        for (String type : config.mediaAllowedTypes().split(",")) {
            String t = type.trim().toLowerCase(Locale.ROOT);
            if (!MediaRules.KNOWN_TYPES.contains(t)) {
                throw new IllegalArgumentException("outbound.media.allowed-types: '" + type.trim()
                        + "' is not one of " + MediaRules.KNOWN_TYPES);
            }
            types.add(t);
        }
        return new MediaRules(config.mediaMaxBytes(), types, config.mediaFetchTimeout());
    }

    /**
     * Each account's daily send budget per mode: {@code twitter.account.<name>.dm-daily-budget} /
     * {@code tweet-daily-budget}, else {@code outbound.dm.daily-budget} / {@code outbound.tweet.daily-budget}
     * ({@link OutboundConfig}); 0 turns a budget off.
     */
    static BiFunction<String, ReplyDecision.Mode, Integer> dailyBudgets(Settings settings, OutboundConfig config) {
        Map<String, Integer> cache = new java.util.concurrent.ConcurrentHashMap<>();
        return (account, mode) -> cache.computeIfAbsent(account + "/" + mode, k -> mode == ReplyDecision.Mode.DM
                ? settings.integer("twitter.account." + account + ".dm-daily-budget", config.dmDailyBudget())
                : settings.integer("twitter.account." + account + ".tweet-daily-budget", config.tweetDailyBudget()));
    }
}
