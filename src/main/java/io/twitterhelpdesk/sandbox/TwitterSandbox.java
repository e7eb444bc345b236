package io.twitterhelpdesk.sandbox;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local stand-in for the Twitter API v1.1 (DMs, mentions, tweets, users) with OAuth 1.0a checks, rate limits,
 * fault injection and an admin API on a separate port to inject customer messages and inspect what was sent.
 */
public final class TwitterSandbox implements AutoCloseable {

    private static final int THREADS = 4;

    private final String host;
    private final int requestedApiPort;
    private final int requestedAdminPort;
    private final SandboxStore store;
    private final RateLimiter rateLimiter;
    private final FaultInjector faults = new FaultInjector();
    private final V1ApiHandler apiHandler;
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
     * @param apiPort   port of the /1.1 API, 0 for a free one
     * @param adminPort port of the admin API, 0 for a free one
     */
    public TwitterSandbox(String host, int apiPort, int adminPort) {
        this.host = host;
        this.requestedApiPort = apiPort;
        this.requestedAdminPort = adminPort;
        Clock clock = Clock.systemUTC();
        this.store = new SandboxStore(clock);
        this.rateLimiter = new RateLimiter(clock);
        this.apiHandler = new V1ApiHandler(store, rateLimiter, faults);
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
            apiServer.createContext("/", apiHandler);
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

    public synchronized void stop() {
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

    @Override
    public void close() {
        stop();
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

    /** Creates a customer (ids from 1000 upwards). */
    public SandboxUser createUser(String screenName, String name) {
        return store.createCustomer(screenName, name);
    }

    public void setAcceptsDirectMessages(String screenName, boolean accepts) {
        store.setAcceptsDirectMessages(screenName, accepts);
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
                false);
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

    /** Requests received for an endpoint key (e.g. {@code dm_list}), including refused ones. */
    public int requestCount(String endpointKey) {
        return apiHandler.requestCount(SandboxEndpoint.ofKey(endpointKey));
    }

    // ---- faults and limits ----

    /** The next {@code times} requests to the endpoint answer {@code httpStatus} with this raw body. */
    public void failNext(String endpointKey, int httpStatus, String body, int times) {
        faults.add(SandboxEndpoint.ofKey(endpointKey), new FaultInjector.Fault(httpStatus, body, null), times);
    }

    /** The next {@code times} requests answer 429 code 88 with {@code x-rate-limit-remaining: 0} and this reset. */
    public void failNextWithRateLimit(String endpointKey, Instant reset, int times) {
        faults.add(SandboxEndpoint.ofKey(endpointKey), new FaultInjector.Fault(429,
                TwitterJson.write(TwitterJson.error(88, "Rate limit exceeded")), reset.getEpochSecond()), times);
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

    /** Clears customers, messages, tweets, faults, request counts and rate windows; accounts stay registered. */
    public void reset() {
        store.reset();
        faults.reset();
        rateLimiter.reset();
        apiHandler.resetCounts();
    }
}
