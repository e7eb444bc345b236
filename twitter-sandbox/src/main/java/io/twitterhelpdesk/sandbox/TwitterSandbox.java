package io.twitterhelpdesk.sandbox;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local stand-in for the Twitter API v1.1 (under {@code /1.1/}) and the X API v2 (under {@code /2/}, same port,
 * same data): DMs, mentions, tweets, users, with OAuth 1.0a, OAuth 2.0 user and app-only checks, rate limits, fault
 * injection and an admin API on a separate port to inject customer messages and inspect what was sent.
 *
 * <p>Events reach a helpdesk both the legacy way (the Account Activity webhook, {@link #registerWebhook}) and the
 * X Activity API way: subscriptions ({@code /2/activity/subscriptions}), V2 webhooks ({@code /2/webhooks}, replay)
 * and the activity stream ({@code /2/activity/stream}), with X's payloads, signatures and errors. The V2 webhook URL
 * rules are X's except that {@code http} URLs with a port are accepted on loopback hosts, for tests.
 *
 * <p>It counts what X's pay-per-use pricing would bill ({@link #usage}, admin {@code GET /sandbox/usage}): reads per
 * resource returned, once per app, resource and UTC day of a settable billing clock; writes per request; delivered X
 * Activity events as reads of their DM event or post.
 *
 * <p>Its data lives in memory, or with {@link #TwitterSandbox(String, int, int, Path)} also in a file, so that a
 * sandbox started again on the file has the users, messages and tweets of the earlier one and goes on with its ids.
 */
public final class TwitterSandbox implements AutoCloseable {

    private static final int THREADS = 4;

    private final String host;
    private final int requestedApiPort;
    private final int requestedAdminPort;
    private final SandboxStore store;
    private final RateLimiter rateLimiter;
    private final FaultInjector faults = new FaultInjector();
    private final RequestCounts requestCounts = new RequestCounts();
    private final OAuth2Grants oauth2;
    private final AppBearerTokens appTokens = new AppBearerTokens();
    private final V1ApiHandler v1Handler;
    private final V2ApiHandler v2Handler;
    private final WebhookDispatcher webhooks;
    private final AccountActivity activity;
    private final ActivitySubscriptions activitySubscriptions = new ActivitySubscriptions();
    private final ActivityLog activityLog = new ActivityLog();
    private final ActivityWebhooks activityWebhooks;
    private final ActivityStreams activityStreams;
    private final XActivity xActivity;
    private final UsageClock usageClock = new UsageClock();
    private final UsageLedger usage = new UsageLedger(usageClock);
    private HttpServer apiServer;
    private HttpServer adminServer;
    private ExecutorService apiExecutor;
    private ExecutorService adminExecutor;

    /** A sandbox on 127.0.0.1 with free ports. */
    public TwitterSandbox() {
        this("127.0.0.1", 0, 0);
    }

    /**
     * @param host      address both servers bind to, e.g. 127.0.0.1
     * @param apiPort   port of the /1.1 and /2 APIs, 0 for a free one
     * @param adminPort port of the admin API, 0 for a free one
     */
    public TwitterSandbox(String host, int apiPort, int adminPort) {
        this.host = host;
        this.requestedApiPort = apiPort;
        this.requestedAdminPort = adminPort;
        Clock clock = Clock.systemUTC();
        this.store = new SandboxStore(clock);
        this.rateLimiter = new RateLimiter(clock);
        WebhookTransport transport = new WebhookTransport();
        this.webhooks = new WebhookDispatcher(clock, transport);
        UsageCharges charges = new UsageCharges(usage);
        this.activityWebhooks = new ActivityWebhooks(clock, store, transport, store::nextId, charges);
        this.activityStreams = new ActivityStreams(clock);
        this.xActivity = new XActivity(store, activitySubscriptions, activityLog, activityWebhooks, activityStreams,
                charges);
        this.activity = new AccountActivity(store, webhooks, xActivity);
        this.oauth2 = new OAuth2Grants(clock);
        this.v1Handler = new V1ApiHandler(store, rateLimiter, faults, activity, requestCounts, charges);
        this.v2Handler = new V2ApiHandler(store, rateLimiter, faults, activity, requestCounts, charges, oauth2,
                appTokens,
                new V2ApiHandler.XActivityApis(
                        new ActivitySubscriptionsApi(store, activitySubscriptions, activityWebhooks),
                        new ActivityWebhooksApi(store, activityWebhooks, activityLog),
                        new ActivityStreamApi(store, xActivity, activityStreams)));
    }

    /**
     * A sandbox whose users (with their DM settings, follows and deactivations), DMs, tweets and id counters are
     * also kept in {@code storeFile}: loaded from it now if it exists, and each change written to it before it is
     * answered. Accounts are registered again at each start, with their credentials; revocations, OAuth 2.0 grants,
     * webhooks, X Activity subscriptions and faults are not kept.
     *
     * @throws IllegalStateException if the file is not a readable sandbox store (the message names it and the line)
     */
    public TwitterSandbox(String host, int apiPort, int adminPort, Path storeFile) {
        this(host, apiPort, adminPort);
        store.persistIn(storeFile);
    }

    /** Binds both servers; returns this for chaining. */
    public synchronized TwitterSandbox start() {
        if (apiServer != null) {
            throw new IllegalStateException("already started");
        }
        try {
            apiExecutor = Executors.newFixedThreadPool(THREADS);
            adminExecutor = Executors.newFixedThreadPool(2);
            apiServer = HttpServer.create(new InetSocketAddress(host, requestedApiPort), 0);
            apiServer.createContext("/", v1Handler);
            apiServer.createContext("/2/", v2Handler);
            apiServer.createContext("/oauth2/", new AppTokenHandler(store, appTokens, faults, requestCounts));
            apiServer.setExecutor(apiExecutor);
            adminServer = HttpServer.create(new InetSocketAddress(host, requestedAdminPort), 0);
            adminServer.createContext("/", new AdminApiHandler(this));
            adminServer.setExecutor(adminExecutor);
            apiServer.start();
            adminServer.start();
            return this;
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("cannot bind the Twitter sandbox on " + host, e);
        }
    }

    /**
     * Stops both servers and forgets the Account Activity webhook, dropping pending deliveries; ends every activity
     * stream and drops pending V2 webhook deliveries (V2 webhooks and subscriptions stay registered).
     */
    public synchronized void stop() {
        webhooks.unregister();
        activityStreams.closeAll(null);
        activityWebhooks.cancelPending();
        if (apiServer != null) {
            apiServer.stop(0);
            apiServer = null;
        }
        if (adminServer != null) {
            adminServer.stop(0);
            adminServer = null;
        }
        if (apiExecutor != null) {
            apiExecutor.shutdownNow();
            adminExecutor.shutdownNow();
            apiExecutor = null;
            adminExecutor = null;
        }
    }

    /** Stops, and closes the store file of a persisted sandbox. */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            store.closeFile();
        }
    }

    public synchronized int apiPort() {
        requireStarted();
        return apiServer.getAddress().getPort();
    }

    public synchronized int adminPort() {
        requireStarted();
        return adminServer.getAddress().getPort();
    }

    /** The value for twitter4j's {@code restBaseURL}, e.g. {@code http://127.0.0.1:PORT/1.1/}. */
    public String restBaseUrl() {
        return "http://" + hostForUrl() + ":" + apiPort() + "/1.1/";
    }

    /**
     * Where DM files are fetched, e.g. {@code http://127.0.0.1:PORT/} (real: {@code https://ton.twitter.com/}, whose
     * {@code /1.1/ton/data/dm/...} paths the sandbox serves at its root).
     */
    public String tonBaseUrl() {
        return "http://" + hostForUrl() + ":" + apiPort() + "/";
    }

    /** Base of the X API v2, e.g. {@code http://127.0.0.1:PORT/2/} (real: {@code https://api.x.com/2/}). */
    public String v2BaseUrl() {
        return "http://" + hostForUrl() + ":" + apiPort() + "/2/";
    }

    /** The OAuth 2.0 token endpoint, e.g. {@code http://127.0.0.1:PORT/2/oauth2/token}. */
    public String oauth2TokenUrl() {
        return v2BaseUrl() + "oauth2/token";
    }

    /**
     * The app-only token endpoint, e.g. {@code http://127.0.0.1:PORT/oauth2/token} (real:
     * {@code https://api.x.com/oauth2/token}): {@code POST} with {@code grant_type=client_credentials} and HTTP Basic
     * consumer key:secret of a registered account's app.
     */
    public String appTokenUrl() {
        return "http://" + hostForUrl() + ":" + apiPort() + "/oauth2/token";
    }

    /**
     * The app-only bearer token of the app (consumer key) of a registered account, the one {@link #appTokenUrl()}
     * answers for it: accepted on the v2 endpoints that take app-only authentication.
     *
     * @throws IllegalArgumentException for a consumer key no registered account uses
     */
    public String appBearerToken(String consumerKey) {
        if (store.consumerSecret(consumerKey).isEmpty()) {
            throw new IllegalArgumentException("no registered account uses this consumer key");
        }
        return appTokens.tokenFor(consumerKey);
    }

    /** Base of the admin API, e.g. {@code http://127.0.0.1:PORT/sandbox/}. */
    public String adminBaseUrl() {
        return "http://" + hostForUrl() + ":" + adminPort() + "/sandbox/";
    }

    private String hostForUrl() {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private void requireStarted() {
        if (apiServer == null) {
            throw new IllegalStateException("sandbox not started");
        }
    }

    // ---- data ----

    /** Registers a company account the connector authenticates as, with its app (consumer) and user credentials. */
    public SandboxUser registerAccount(long id, String screenName, String name, String consumerKey,
                                       String consumerSecret, String accessToken, String accessTokenSecret) {
        return store.registerAccount(id, screenName, name, consumerKey, consumerSecret, accessToken,
                accessTokenSecret);
    }

    /** Creates a customer (ids from 1000 upwards, never one given before). */
    public SandboxUser createUser(String screenName, String name) {
        return store.createCustomer(screenName, name);
    }

    /**
     * The user's DM setting ({@code allow_dms_from} of v1.1 {@code account/settings}): {@code true} accepts DMs from
     * anyone ({@code all}, every user's default here), {@code false} only from users they follow
     * ({@code following}). A DM to a user who neither accepts DMs from anyone nor follows the sender is refused: v1.1
     * 403 code 349, v2 403.
     */
    public void setAcceptsDirectMessages(String screenName, boolean accepts) {
        store.setAcceptsDirectMessages(screenName, accepts);
    }

    /** {@code follower} now follows {@code followed} (v1.1 {@code friendships/show}, v2 {@code connection_status}). */
    public void follow(String follower, String followed) {
        store.setFollowing(follower, followed, true);
    }

    public void unfollow(String follower, String followed) {
        store.setFollowing(follower, followed, false);
    }

    /**
     * Revokes a registered account's credentials, as when its user revokes the app or resets the token: every request
     * signed with its access token (or an OAuth 2.0 token of it) is answered 401 (v1.1 code 89 "Invalid or expired
     * token.", v2 the Unauthorized problem) until {@link #restoreCredentials}.
     */
    public void revokeCredentials(String accountScreenName) {
        store.setRevoked(accountScreenName, true);
    }

    public void restoreCredentials(String accountScreenName) {
        store.setRevoked(accountScreenName, false);
    }

    /**
     * Deactivates a user: their user object disappears from v1.1 {@code users/show} (404 code 50) and
     * {@code users/lookup} (404 code 17 when nobody else matches) and from v2 {@code includes} (a partial error
     * instead); they can no longer receive DMs. Their messages stay. {@link #reset()} reactivates everyone.
     *
     * @throws IllegalArgumentException for an unknown user
     */
    public void deactivateUser(String screenName) {
        store.deactivate(screenName);
    }

    public Optional<SandboxUser> user(String screenName) {
        return store.findUser(screenName);
    }

    public List<SandboxUser> users() {
        return store.users();
    }

    /**
     * A DM from a customer (created if unknown) to a known user; URLs become t.co links, media one attachment.
     */
    public DirectMessageRef injectDirectMessage(String fromScreenName, String toAccountScreenName, String text,
                                                List<Media> media) {
        SandboxUser to = store.findUser(toAccountScreenName)
                .orElseThrow(() -> new IllegalArgumentException("unknown recipient @" + toAccountScreenName));
        SandboxUser from = store.userOrNewCustomer(fromScreenName);
        var event = store.addDirectMessage(from, to, text == null ? "" : text, media == null ? List.of() : media,
                null);
        activity.directMessageCreated(event);
        return new DirectMessageRef(event.id(), event.senderId(), event.recipientId());
    }

    /**
     * A DM from a customer (created if unknown) to a known user with one attached file: X links it on
     * {@code ton.twitter.com} (v1.1) and serves its bytes to the DM's participants only, at
     * {@code GET /1.1/ton/data/dm/{dm_id}/{media_id}/{resource_id}} and
     * {@code GET /2/dm_conversations/media/{dm_id}/{media_id}/{resource_id}} of this sandbox.
     */
    public DirectMessageRef injectDirectMessageWithFile(String fromScreenName, String toAccountScreenName, String text,
                                                        AttachedFile file) {
        SandboxUser to = store.findUser(toAccountScreenName)
                .orElseThrow(() -> new IllegalArgumentException("unknown recipient @" + toAccountScreenName));
        SandboxUser from = store.userOrNewCustomer(fromScreenName);
        var event = store.addDirectMessageWithFile(from, to, text == null ? "" : text, file);
        activity.directMessageCreated(event);
        return new DirectMessageRef(event.id(), event.senderId(), event.recipientId());
    }

    /**
     * A tweet by a customer (created if unknown); it shows in the mentions of every user named with {@code @}
     * and, when a reply, of the replied-to author (prefixed as {@code @author} unless already mentioned).
     */
    public TweetRef injectMention(String fromScreenName, String text, Long inReplyToTweetId, List<Media> media) {
        var inReplyTo = inReplyToTweetId == null ? null : store.tweet(inReplyToTweetId)
                .orElseThrow(() -> new IllegalArgumentException("unknown tweet " + inReplyToTweetId));
        SandboxUser from = store.userOrNewCustomer(fromScreenName);
        var tweet = store.addTweet(from, text == null ? "" : text, inReplyTo, media == null ? List.of() : media,
                List.of(), false);
        activity.tweetCreated(tweet);
        return new TweetRef(tweet.id(), tweet.userId(), tweet.content().text());
    }

    /** DMs accounts sent through the API, oldest first. */
    public List<SentDirectMessage> sentDirectMessages() {
        return store.sentDirectMessages();
    }

    /** Tweets accounts posted through the API, oldest first. */
    public List<SentTweet> sentTweets() {
        return store.sentTweets();
    }

    /**
     * The SHA-256 (lower-case hex) of the bytes stored as media {@code mediaId}: an account's upload or an injected
     * DM's attachment; empty when the sandbox holds no such file.
     */
    public Optional<String> mediaSha256(long mediaId) {
        return mediaFile(mediaId).map(MediaFiles.MediaFile::sha256);
    }

    Optional<MediaFiles.MediaFile> mediaFile(long mediaId) {
        return store.mediaFiles().get(mediaId);
    }

    /** Requests received for an endpoint key (e.g. {@code dm_list}, {@code v2_dm_events}), including refused ones. */
    public int requestCount(String endpointKey) {
        return requestCounts.get(SandboxEndpoint.ofKey(endpointKey));
    }

    /**
     * The {@code cursor} of every page of the v1.1 DM list ({@code dm_list}) served so far, in order: {@code ""} for
     * the newest page (a poll's first request). Refused requests (a 429, a 401) are not pages served. A cursor listed
     * twice is a page fetched twice.
     */
    public List<String> dmListCursors() {
        return requestCounts.dmListCursors();
    }

    // ---- OAuth 2.0 (X API v2) ----

    /**
     * Registers an OAuth 2.0 client of the app; {@code clientSecret} null makes it a public client (it names itself
     * with {@code client_id}), otherwise it is confidential (HTTP Basic at the token endpoint).
     *
     * @throws IllegalArgumentException if the id is blank or already registered with another secret
     */
    public void registerOAuth2Client(String clientId, String clientSecret) {
        oauth2.registerClient(clientId, clientSecret);
    }

    /**
     * Issues OAuth 2.0 user-context tokens as if the account had authorised the client (scopes {@code tweet.read
     * tweet.write users.read dm.read dm.write offline.access}). The access token is valid for {@code accessTokenTtl}
     * (null: 2 hours, as on X); the refresh token until used, and each refresh gives tokens with the same TTL.
     *
     * @throws IllegalArgumentException for an unknown client, a user that is not a registered account or a TTL that
     *                                  is not positive
     */
    public OAuth2Grant issueOAuth2Tokens(String accountScreenName, String clientId, Duration accessTokenTtl) {
        SandboxUser account = store.findUser(accountScreenName).filter(SandboxUser::account)
                .orElseThrow(() -> new IllegalArgumentException("not a registered account: @" + accountScreenName));
        return oauth2.issue(account.id(), clientId, accessTokenTtl);
    }

    /**
     * Accepts a refresh token chosen by the caller as the account's grant for the client (registered if new), so a
     * connector configured with that token can start: sandbox mode seeds each OAuth 2.0 account this way. The first
     * refresh trades it for random tokens, as {@link #issueOAuth2Tokens} would have given.
     *
     * @throws IllegalArgumentException for a blank token, a client known with another secret, or a user that is not
     *                                  a registered account
     */
    public void acceptOAuth2RefreshToken(String accountScreenName, String clientId, String clientSecret,
            String refreshToken) {
        SandboxUser account = store.findUser(accountScreenName).filter(SandboxUser::account)
                .orElseThrow(() -> new IllegalArgumentException("not a registered account: @" + accountScreenName));
        oauth2.registerClient(clientId, clientSecret);
        oauth2.seed(account.id(), clientId, refreshToken);
    }

    /** Every access token issued so far is expired from now on (401 on use); refresh tokens stay valid. */
    public void expireOAuth2AccessTokens() {
        oauth2.expireAccessTokens();
    }

    // ---- faults and limits ----

    /**
     * The next {@code times} requests to the endpoint get their answer only after {@code delay} (503, "slow"): a
     * client with a shorter read timeout gives up first.
     */
    public void answerNextSlowly(String endpointKey, Duration delay, int times) {
        faults.add(SandboxEndpoint.ofKey(endpointKey), new FaultInjector.Fault(503,
                "{\"errors\":[{\"code\":130,\"message\":\"Over capacity\"}]}", null, delay.toMillis()), times);
    }

    /** The next {@code times} requests to the endpoint answer {@code httpStatus} with this raw body. */
    public void failNext(String endpointKey, int httpStatus, String body, int times) {
        faults.add(SandboxEndpoint.ofKey(endpointKey), new FaultInjector.Fault(httpStatus, body, null), times);
    }

    /**
     * The next {@code times} requests answer 429 with {@code x-rate-limit-remaining: 0} and this reset: code 88 on
     * v1.1, the {@code Too Many Requests} problem on v2.
     */
    public void failNextWithRateLimit(String endpointKey, Instant reset, int times) {
        SandboxEndpoint endpoint = SandboxEndpoint.ofKey(endpointKey);
        String body = endpoint.v2() ? V2Problem.tooManyRequestsBody()
                : TwitterJson.write(TwitterJson.error(88, "Rate limit exceeded"));
        faults.add(endpoint, new FaultInjector.Fault(429, body, reset.getEpochSecond()), times);
    }

    public void setRateLimit(String endpointKey, int limit, Duration window) {
        rateLimiter.setLimit(SandboxEndpoint.ofKey(endpointKey), limit, window);
    }

    /** Requests are never refused for rate limits; headers still report the full limit. */
    public void disableRateLimits() {
        rateLimiter.setEnabled(false);
    }

    public void enableRateLimits() {
        rateLimiter.setEnabled(true);
    }

    /** Multiplies every rate-limit window by {@code factor} (0.01 makes 15 minutes 9 seconds). */
    public void scaleRateLimitWindows(double factor) {
        rateLimiter.scaleWindows(factor);
    }

    // ---- Account Activity webhook ----

    /**
     * Registers the Account Activity webhook for all company accounts, after a CRC check as Twitter does it:
     * {@code GET <url>?crc_token=T} must answer 200 within 3 s with {@code {"response_token":"sha256=" +
     * base64(HMAC-SHA256(consumerSecret, T))}}. From then on new DMs and tweets of company accounts are POSTed to
     * the URL, signed with {@code consumerSecret} in {@code x-twitter-webhooks-signature}.
     *
     * @throws IllegalStateException    if the CRC check fails (the message says why) or a webhook is registered
     * @throws IllegalArgumentException if the URL is not an absolute http(s) URL or the secret is empty
     */
    public void registerWebhook(String url, String consumerSecret) {
        webhooks.register(url, consumerSecret);
    }

    /** {@link #registerWebhook(String, String)} with the consumer secret all registered accounts share. */
    public void registerWebhook(String url) {
        var secrets = store.accountConsumerSecrets();
        if (secrets.size() != 1) {
            throw new IllegalStateException(secrets.isEmpty() ? "no account registered, so no consumer secret"
                    : "the accounts use " + secrets.size() + " consumer secrets; name one");
        }
        registerWebhook(url, secrets.iterator().next());
    }

    /** Forgets the webhook; pending deliveries and retries are dropped. */
    public void unregisterWebhook() {
        webhooks.unregister();
    }

    public Optional<WebhookRegistration> webhook() {
        return webhooks.registration();
    }

    /**
     * Re-runs the CRC check (Twitter does it periodically). A failure marks the webhook invalid and events are not
     * delivered until a later check passes.
     *
     * @return whether the check passed
     * @throws IllegalStateException if no webhook is registered
     */
    public boolean triggerCrc() {
        return webhooks.recheck();
    }

    /** Delays before the retries of a delivery that got no 200; one retry per delay. Default 30 s, 60 s, 180 s. */
    public void setWebhookRetryDelays(Duration... delays) {
        webhooks.setRetryDelays(delays);
    }

    /** Delivery attempts of events, oldest first (the latest 1000). */
    public List<WebhookDelivery> webhookDeliveries() {
        return webhooks.deliveries();
    }

    /** Deliveries queued or waiting for a retry. */
    public int pendingWebhookDeliveries() {
        return webhooks.pending();
    }

    /** Waits until no delivery is pending; returns false if some still are after {@code timeout}. */
    public boolean awaitWebhookIdle(Duration timeout) {
        try {
            return webhooks.awaitIdle(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The {@code x-twitter-webhooks-signature} value for a body, with the registered secret. */
    public String signWebhookBody(byte[] body) {
        return webhooks.sign(body);
    }

    /**
     * POSTs {@code json} as it is, correctly signed, to the registered webhook now; not logged or retried.
     *
     * @return the receiver's HTTP status
     * @throws IllegalStateException if no webhook is registered or the receiver gives no answer within 3 s
     */
    public int pushRaw(String json) {
        return webhooks.postNow(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * POSTs, signed and now, an event of another kind for the first registered account (see
     * {@link AccountActivity#otherEvent}): e.g. {@code favorite_events}, {@code follow_events}, {@code block_events},
     * {@code mute_events}, {@code direct_message_indicate_typing_events}, {@code direct_message_mark_read_events},
     * {@code tweet_delete_events}, {@code user_event}; any other lower-case name sends a kind the sandbox does not
     * model. The other party is the customer {@code @sandbox_fan}, created on first use.
     *
     * @return the receiver's HTTP status
     */
    public int pushOtherEvent(String kind) {
        if (webhook().isEmpty()) {
            throw new IllegalStateException("no webhook registered");
        }
        SandboxUser account = store.accounts().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("no account registered"));
        return pushRaw(TwitterJson.write(activity.otherEvent(kind, account)));
    }

    /**
     * From {@code cutoff} on, the legacy Account Activity webhook gets no deliveries (pending retries included) and
     * its registration is refused, as after the AAA end of life (2027-01-01), so a migration to the X Activity API
     * can be rehearsed; null lifts it.
     */
    public void refuseAccountActivityAfter(Instant cutoff) {
        webhooks.retireAfter(cutoff);
    }

    // ---- X Activity API (subscriptions, V2 webhooks, stream) ----

    /** How long an activity stream may send nothing before it sends a keep-alive blank line; default 5 s. */
    public void setActivityKeepAliveInterval(Duration interval) {
        activityStreams.setKeepAlive(interval);
    }

    /** Activity streams open now (at most one per app). */
    public int openActivityStreams() {
        return activityStreams.openCount();
    }

    /**
     * The server ends every open activity stream now, each after X's operational-disconnect error line
     * ({@code {"errors":[{"title":"operational-disconnect",..}]}}). Events go on to the log, so a reconnect with
     * {@code backfill_minutes} recovers them.
     */
    public void disconnectActivityStreams() {
        activityStreams.disconnectAll();
    }

    /**
     * Open activity streams stay open but send nothing at all (no keep-alive, no events) until the client gives up;
     * events still go to the log. The app's next connect replaces a stalled stream instead of being refused with
     * {@code TooManyConnections}, as the sandbox cannot see the client leave a silent connection.
     */
    public void stallActivityStreams() {
        activityStreams.stallAll();
    }

    /** Writes {@code line} as it is (plus {@code \r\n}) to every open activity stream, e.g. garbage. */
    public void emitRawActivityLine(String line) {
        activityStreams.sendToAll(line);
    }

    /**
     * POSTs {@code json} as it is, signed with the app's consumer secret, to the first registered V2 webhook now; not
     * logged or retried.
     *
     * @return the receiver's HTTP status
     * @throws IllegalStateException without a V2 webhook or when the receiver gives no answer within 3 s
     */
    public int pushRawActivity(String json) {
        return activityWebhooks.postRawToFirst(json);
    }

    /**
     * The user of a registered account revokes the app: {@code oauth.revoke} events go to the app's
     * {@code oauth.revoke} subscriptions, and the account's credentials are revoked as by
     * {@link #revokeCredentials}.
     *
     * @throws IllegalArgumentException if the user is not a registered account
     */
    public void revokeApp(String accountScreenName) {
        SandboxUser account = store.findUser(accountScreenName).filter(SandboxUser::account)
                .orElseThrow(() -> new IllegalArgumentException("not a registered account: @" + accountScreenName));
        String consumerKey = store.consumerKeyOf(account.id())
                .orElseThrow(() -> new IllegalArgumentException("no credentials for @" + accountScreenName));
        xActivity.appRevoked(account, consumerKey);
        revokeCredentials(accountScreenName);
    }

    /** The X Activity subscriptions of every app, in creation order. */
    public List<ActivitySubscription> activitySubscriptions() {
        return activitySubscriptions.all();
    }

    /** The V2 webhooks of every app, in registration order. */
    public List<ActivityWebhook> activityWebhooks() {
        return activityWebhooks.all();
    }

    /** The logged X Activity events (the latest 10,000), oldest first. */
    public List<ActivityEvent> activityEvents() {
        return activityLog.events();
    }

    /** Attempts to POST to V2 webhooks (the latest 1000), oldest first, replays included. */
    public List<ActivityWebhookDelivery> activityWebhookDeliveries() {
        return activityWebhooks.deliveries();
    }

    /** Replay jobs of {@code POST /2/webhooks/replay}, oldest first. */
    public List<ReplayJob> replayJobs() {
        return activityWebhooks.jobs();
    }

    /** Delays before the retries of a V2 webhook delivery that got no 200; default 30 s, 60 s, 180 s. */
    public void setActivityWebhookRetryDelays(Duration... delays) {
        activityWebhooks.setRetryDelays(delays);
    }

    /** V2 webhook deliveries queued or waiting for a retry. */
    public int pendingActivityWebhookDeliveries() {
        return activityWebhooks.pending();
    }

    /** Waits until no V2 webhook delivery is pending; false if some still are after {@code timeout}. */
    public boolean awaitActivityWebhookIdle(Duration timeout) {
        try {
            return activityWebhooks.awaitIdle(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---- pay-per-use billing ----

    /**
     * What X would bill for one UTC day, as the sandbox counted it: reads per resource returned (once per app, kind,
     * resource and day, to the first reader's account), writes per request, delivered X Activity events as reads of
     * their DM event or post. See docs/sandbox.md "Pay-per-use billing".
     */
    public Usage usage(LocalDate day) {
        return usage.usage(day);
    }

    /** {@link #usage(LocalDate)} of the sandbox's current UTC day ({@link #setUsageClock}). */
    public Usage usageToday() {
        return usage.usage(usage.today());
    }

    /** Forgets every unit counted and which resources were read on which day; rates stay. */
    public void clearUsage() {
        usage.clear();
    }

    /** The rate in USD of a unit from now on, for every day reported; defaults as {@link UsageUnit#defaultRate()}. */
    public void setUsageRate(UsageUnit unit, BigDecimal usd) {
        usage.setRate(unit, usd);
    }

    public Map<UsageUnit, BigDecimal> usageRates() {
        return usage.rates();
    }

    /**
     * The instant billing takes as "now" (which UTC day a read or write counts in and is deduplicated by), standing
     * still until set again; null goes back to the system clock. Nothing else follows it: OAuth timestamps, token
     * expiry, rate windows and created_at stay on the system clock.
     */
    public void setUsageClock(Instant now) {
        usageClock.set(now);
    }

    /** The instant billing takes as "now". */
    public Instant usageNow() {
        return usageClock.instant();
    }

    /** Whether {@link #setUsageClock} holds an instant (false: the system clock). */
    public boolean usageClockSet() {
        return usageClock.isSet();
    }

    /**
     * Clears customers, messages, tweets, follows, revocations, deactivations (and accounts' DM settings back to
     * anyone), faults, request counts, rate windows and the webhook
     * delivery log; accounts, OAuth 2.0 clients and grants (issued tokens), and the webhook stay registered.
     * Likewise for the X Activity API: the event log, V2 webhook deliveries (pending ones dropped) and replay jobs
     * are cleared and open streams end; subscriptions, V2 webhooks and app tokens stay. Ids are not given again: the
     * next customer gets a new one, not the id of a customer cleared here. The billing ledger is cleared and its
     * clock goes back to the system clock; rates stay.
     */
    public void reset() {
        usage.clear();
        usageClock.set(null);
        webhooks.clearLog();
        activityLog.clear();
        activityWebhooks.clear();
        activityStreams.closeAll(null);
        store.reset();
        faults.reset();
        rateLimiter.reset();
        requestCounts.reset();
    }
}
