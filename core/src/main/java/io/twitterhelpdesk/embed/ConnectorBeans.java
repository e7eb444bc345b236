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
import io.twitterhelpdesk.inbound.ChannelActivityStore;
import io.twitterhelpdesk.config.Settings;
import io.twitterhelpdesk.conversation.ConversationCommands;
import io.twitterhelpdesk.conversation.ConversationLifecycle;
import io.twitterhelpdesk.conversation.ConversationStore;
import io.twitterhelpdesk.inbound.CustomerActivity;
import io.twitterhelpdesk.inbound.CustomerDirectory;
import io.twitterhelpdesk.inbound.DirectMessagePoller;
import io.twitterhelpdesk.inbound.InboundEnvelopes;
import io.twitterhelpdesk.inbound.InboundLocks;
import io.twitterhelpdesk.inbound.MentionPoller;
import io.twitterhelpdesk.inbound.PollCursors;
import io.twitterhelpdesk.inbound.PollGate;
import io.twitterhelpdesk.inbound.PollObserver;
import io.twitterhelpdesk.metrics.ConnectorMetrics;
import io.twitterhelpdesk.state.DeliveredIds;
import io.twitterhelpdesk.inbound.V2Poller;
import io.twitterhelpdesk.outbound.DailySendBudget;
import io.twitterhelpdesk.outbound.KnownAccounts;
import io.twitterhelpdesk.outbound.MediaRules;
import io.twitterhelpdesk.outbound.ReplyMediaUploads;
import io.twitterhelpdesk.outbound.ReplyDecision;
import io.twitterhelpdesk.outbound.ReplyIntake;
import io.twitterhelpdesk.outbound.ReplyPolicy;
import io.twitterhelpdesk.outbound.ReplyProcessor;
import io.twitterhelpdesk.outbound.SendBudget;
import io.twitterhelpdesk.outbound.TwitterSender;
import io.twitterhelpdesk.xapi.MediaUpload;
import io.twitterhelpdesk.state.StateStore;
import io.twitterhelpdesk.xapi.AppBearerToken;
import io.twitterhelpdesk.xapi.OAuth2TokenStore;
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
        OAuth2Tokens tokens = new OAuth2Tokens(accounts, new OAuth2TokenStore(state, clock), transport, clock,
                resumeSavedTokens);
        XApiClient xApi = new XApiClient(accounts, new XAuthorization(accounts, tokens), tokens, transport,
                settings.get("twitter.api.v2-base-url", "https://api.x.com/2/"),
                appBearerToken(settings, accounts, transport));
        TwitterClients clients = new TwitterClients(accounts, restBaseUrl,
                settings.get("twitter.api.upload-base-url", TwitterClients.UPLOAD_BASE_URL),
                (int) connectTimeout(settings).toMillis(), (int) readTimeout(settings).toMillis(), xApi);
        return new TwitterAccess(accounts, clients, xApi);
    }

    /**
     * The app-only bearer token of the X Activity API calls: {@code twitter.app.bearer-token}, else obtained with
     * {@code twitter.app.consumer-key} and {@code twitter.app.consumer-secret} (by default the consumer key and secret
     * of the accounts on the X Activity API, when they share one app) at {@code twitter.api.app-token-url}. Null
     * when no account uses the X Activity API and no key is set.
     *
     * @throws AccountConfigurationException naming the keys when an account needs it and it cannot be made
     */
    static AppBearerToken appBearerToken(Settings settings, AccountRegistry accounts, XApiTransport transport) {
        List<Account> activity = accounts.all().stream().filter(a -> a.ingestion().activityApi()).toList();
        Optional<String> bearer = settings.optional("twitter.app.bearer-token");
        Optional<String> key = settings.optional("twitter.app.consumer-key")
                .or(() -> shared(activity, Account::consumerKey));
        Optional<String> secret = settings.optional("twitter.app.consumer-secret")
                .or(() -> shared(activity, Account::consumerSecret));
        if (bearer.isEmpty() && (key.isEmpty() || secret.isEmpty())) {
            if (activity.isEmpty()) {
                return null;
            }
            throw new AccountConfigurationException("Account " + activity.get(0).name() + " uses the X Activity API ("
                    + activity.get(0).ingestion() + "), which needs the app's bearer token: set twitter.app.bearer-token"
                    + " (TWITTER_APP_BEARER_TOKEN), or twitter.app.consumer-key and twitter.app.consumer-secret");
        }
        return new AppBearerToken(bearer.orElse(null), key.orElse(null), secret.orElse(null),
                settings.get("twitter.api.app-token-url", "https://api.x.com/oauth2/token"), transport);
    }

    /** The value all these accounts share, if they share exactly one. */
    private static Optional<String> shared(List<Account> accounts, Function<Account, String> value) {
        List<String> values = accounts.stream().map(value).filter(Objects::nonNull).distinct().toList();
        return values.size() == 1 && accounts.stream().map(value).allMatch(Objects::nonNull)
                ? Optional.of(values.get(0)) : Optional.empty();
    }

    public static Duration connectTimeout(Settings settings) {
        return settings.duration("twitter.api.connect-timeout", Duration.ofSeconds(5));
    }

    public static Duration readTimeout(Settings settings) {
        return settings.duration("twitter.api.read-timeout", Duration.ofSeconds(15));
    }

    /** The inbound side of the accounts: from a poll to an envelope, and what is remembered once it is delivered. */
    public record Inbound(StateStore state, JdbcMessageIdRepository delivered, CustomerDirectory customers,
            DirectMessagePoller dmPoller, MentionPoller mentionPoller, V2Poller v2DmPoller, V2Poller v2MentionPoller,
            InboundEnvelopes envelopes, PollCursors cursors, CustomerActivity customerActivity,
            ConversationStore conversations, ChannelActivityStore channelActivity, ConversationLifecycle lifecycle) {

        public void bindTo(Registry registry) {
            registry.bind("stateStore", state);
            registry.bind("deliveredRepository", delivered);
            registry.bind("dmPoller", dmPoller);
            registry.bind("mentionPoller", mentionPoller);
            registry.bind("v2DmPoller", v2DmPoller);
            registry.bind("v2MentionPoller", v2MentionPoller);
            registry.bind("inboundEnvelopes", envelopes);
            registry.bind("pollCursors", cursors);
            registry.bind("inboundLocks", new InboundLocks());
            registry.bind("customerActivity", customerActivity);
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
        PollGate gate = new PollGate(clock, settings.duration("inbound.error-backoff", Duration.ofSeconds(30)),
                settings.duration("inbound.error-backoff-max", Duration.ofMinutes(15)), observer);
        int maxPages = settings.integer("inbound.max-pages-per-poll", 10);
        CustomerDirectory customers = new CustomerDirectory(10_000);
        TwitterClients clients = twitter.clients();
        ConversationStore conversations = new ConversationStore(state, clock);
        ChannelActivityStore channelActivity = new ChannelActivityStore(state);
        ConversationLifecycle lifecycle = conversationLifecycle(settings, state, clock);
        return new Inbound(store, delivered, customers,
                new DirectMessagePoller(clients, store, gate, customers,
                        settings.integer("inbound.dm.page-size", 50), maxPages),
                new MentionPoller(clients, store, gate, settings.integer("inbound.mention.page-size", 200), maxPages),
                V2Poller.directMessages(twitter.xApi(), clients, store, gate,
                        settings.integer("inbound.v2.dm.page-size", 100), maxPages),
                V2Poller.mentions(twitter.xApi(), clients, store, gate,
                        settings.integer("inbound.v2.mention.page-size", 100), maxPages),
                new InboundEnvelopes(twitter.accounts(), clients, store, lifecycle, clock),
                new PollCursors(store),
                new CustomerActivity(conversations, channelActivity, clock),
                conversations, channelActivity, lifecycle);
    }

    /** Conversations of a key end after {@code conversation.inactivity-timeout} without a customer message (24h). */
    public static ConversationLifecycle conversationLifecycle(Settings settings, DataSource state, Clock clock) {
        return new ConversationLifecycle(state, clock,
                settings.duration("conversation.inactivity-timeout", Duration.ofHours(24)));
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
        int maxSendsPerWindow = settings.integer("outbound.dm.max-per-window", 5);
        CredentialsListener credentials = health == null ? CredentialsListener.NONE : health;
        KnownAccounts knownAccounts = new KnownAccounts(twitter.accounts(), twitter.clients(),
                health == null ? name -> java.util.Optional.empty() : health::status);
        ReplyPolicy policy = new ReplyPolicy(conversations, clock, maxSendsPerWindow,
                settings.duration("outbound.dm.window", Duration.ofHours(24)), knownAccounts::nameOf);
        SendBudget budget = new SendBudget(clock, Map.of(
                ReplyDecision.Mode.DM, new SendBudget.Limit(settings.integer("outbound.dm.budget", 1000),
                        settings.duration("outbound.dm.budget-window", Duration.ofHours(24))),
                ReplyDecision.Mode.PUBLIC, new SendBudget.Limit(settings.integer("outbound.tweet.budget", 300),
                        settings.duration("outbound.tweet.budget-window", Duration.ofHours(3)))));
        MediaRules media = mediaRules(settings);
        return new Replies(conversations, knownAccounts, new ReplyIntake(conversations, knownAccounts, media),
                new ReplyProcessor(conversations, policy, media),
                new TwitterSender(twitter.clients(), conversations, new StateStore(state, clock), clock,
                        maxSendsPerWindow, budget, twitter.accounts(), twitter.xApi(), metrics,
                        new DailySendBudget(state, clock, dailyBudgets(settings)), credentials,
                        new ReplyMediaUploads(media, conversations, twitter.accounts(), twitter.clients(),
                                new MediaUpload(twitter.xApi(), clock), clock)));
    }

    /**
     * What media replies may carry: {@code outbound.media.max-bytes} (default 16 MiB), {@code
     * outbound.media.allowed-types} (comma-separated, default all of {@link MediaRules#KNOWN_TYPES}) and
     * {@code outbound.media.fetch-timeout} (default 10s).
     *
     * @throws IllegalArgumentException naming the key for a value that is not a positive size, a known type or a
     *                                  positive duration
     */
    static MediaRules mediaRules(Settings settings) {
        long configured = settings.bytes("outbound.media.max-bytes", 16L << 20);
        if (configured <= 0 || configured > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("outbound.media.max-bytes must be more than 0 and less than 2GB, not "
                    + configured + " bytes");
        }
        int maxBytes = (int) configured;
        Set<String> types = new LinkedHashSet<>();
        for (String type : settings.get("outbound.media.allowed-types", String.join(",", MediaRules.KNOWN_TYPES))
                .split(",")) {
            String t = type.trim().toLowerCase(Locale.ROOT);
            if (!MediaRules.KNOWN_TYPES.contains(t)) {
                throw new IllegalArgumentException("outbound.media.allowed-types: '" + type.trim()
                        + "' is not one of " + MediaRules.KNOWN_TYPES);
            }
            types.add(t);
        }
        Duration timeout = settings.duration("outbound.media.fetch-timeout", Duration.ofSeconds(10));
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("outbound.media.fetch-timeout must be positive, not " + timeout);
        }
        return new MediaRules(maxBytes, types, timeout);
    }

    /**
     * Each account's daily send budget per mode: {@code twitter.account.<name>.dm-daily-budget} /
     * {@code tweet-daily-budget}, else {@code outbound.dm.daily-budget} (default 1000, Twitter's DM limit per user and
     * 24 hours) / {@code outbound.tweet.daily-budget} (default 2400, Twitter's daily posting limit per user); 0 turns
     * a budget off.
     */
    static BiFunction<String, ReplyDecision.Mode, Integer> dailyBudgets(Settings settings) {
        int dm = settings.integer("outbound.dm.daily-budget", 1000);
        int tweets = settings.integer("outbound.tweet.daily-budget", 2400);
        Map<String, Integer> cache = new java.util.concurrent.ConcurrentHashMap<>();
        return (account, mode) -> cache.computeIfAbsent(account + "/" + mode, k -> mode == ReplyDecision.Mode.DM
                ? settings.integer("twitter.account." + account + ".dm-daily-budget", dm)
                : settings.integer("twitter.account." + account + ".tweet-daily-budget", tweets));
    }
}
