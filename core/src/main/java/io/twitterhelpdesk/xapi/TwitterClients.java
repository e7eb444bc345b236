package io.twitterhelpdesk.xapi;

import io.twitterhelpdesk.account.ApiVersion;

import io.twitterhelpdesk.account.Account;

import io.twitterhelpdesk.account.AccountRegistry;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import io.twitterhelpdesk.xapi.XAnswer;
import io.twitterhelpdesk.xapi.XApiClient;
import io.twitterhelpdesk.cost.BillableUnit;
import io.twitterhelpdesk.cost.CostMeter;
import twitter4j.Twitter;
import twitter4j.TwitterException;

/**
 * One twitter4j client per account, pointed at the configured REST and upload base URLs (the real API, or the sandbox),
 * and the account's numeric id, asked once from {@code account/verify_credentials} (v1.1 accounts) or
 * {@code GET /2/users/me} (v2 accounts).
 */
public final class TwitterClients {

    private final AccountRegistry accounts;
    /** X's v1.1 media upload host, twitter4j's default. */
    public static final String UPLOAD_BASE_URL = "https://upload.twitter.com/1.1/";

    private final String restBaseUrl;
    private final String uploadBaseUrl;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final Map<String, Twitter> clients = new ConcurrentHashMap<>();
    private final Map<String, Long> accountIds = new ConcurrentHashMap<>();
    private final XApiClient xApi;
    private final CostMeter meter;

    /** With media uploads at X's upload host. */
    public TwitterClients(AccountRegistry accounts, String restBaseUrl, int connectTimeoutMillis, int readTimeoutMillis,
            XApiClient xApi) {
        this(accounts, restBaseUrl, UPLOAD_BASE_URL, connectTimeoutMillis, readTimeoutMillis, xApi);
    }

    /** @param uploadBaseUrl where {@code media/upload.json} is, e.g. {@link #UPLOAD_BASE_URL} or the sandbox's /1.1/ */
    public TwitterClients(AccountRegistry accounts, String restBaseUrl, String uploadBaseUrl, int connectTimeoutMillis,
            int readTimeoutMillis, XApiClient xApi) {
        this(accounts, restBaseUrl, uploadBaseUrl, connectTimeoutMillis, readTimeoutMillis, xApi, CostMeter.off());
    }

    /** @param meter counts what the v1.1 calls made with these clients bill (X pay-per-use) */
    public TwitterClients(AccountRegistry accounts, String restBaseUrl, String uploadBaseUrl, int connectTimeoutMillis,
            int readTimeoutMillis, XApiClient xApi, CostMeter meter) {
        this.meter = meter;
        this.accounts = accounts;
        this.uploadBaseUrl = uploadBaseUrl.endsWith("/") ? uploadBaseUrl : uploadBaseUrl + "/";
        this.xApi = xApi;
        this.restBaseUrl = restBaseUrl.endsWith("/") ? restBaseUrl : restBaseUrl + "/";
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /** The cost meter the callers of these clients' v1.1 calls count what X bills with. */
    public CostMeter meter() {
        return meter;
    }

    /**
     * {@code account/verify_credentials} (v1.1): the account's own user, counted as one user read by the meter.
     */
    public twitter4j.v1.User verifyCredentials(String accountName) throws TwitterException {
        twitter4j.v1.User me = client(accountName).v1().users().verifyCredentials();
        String id = Long.toString(me.getId());
        meter.read(accountName, id, BillableUnit.USER_READ, java.util.List.of(id));
        return me;
    }

    public Twitter client(String accountName) {
        return clients.computeIfAbsent(accountName, this::build);
    }

    /** The account's numeric Twitter id; the first call per account asks the API. */
    public long accountId(String accountName) throws TwitterException {
        Long id = accountIds.get(accountName);
        if (id == null) {
            id = accounts.get(accountName).api() == ApiVersion.V2 ? v2Id(accountName)
                    : verifyCredentials(accountName).getId();
            accountIds.put(accountName, id);
        }
        return id;
    }

    private long v2Id(String accountName) throws TwitterException {
        XAnswer me = xApi.get(accountName, "users/me", Map.of("user.fields", "id,username"));
        long id = me.json().path("data").path("id").asLong(-1);
        if (id <= 0) {
            throw new XApiException("GET /2/users/me for account " + accountName, me.status(),
                    "the answer carries no data.id", me.rateLimit());
        }
        return id;
    }

    /**
     * Sets twitter4j's upload base URL, which 4.1.2 reads neither from properties nor from a builder method: its
     * {@code Configuration.uploadBaseURL} field is package-private, so it is set by reflection (twitter4j is on the
     * class path, not a module that would refuse it).
     */
    public static <T> T withUploadBaseUrl(T builder, String uploadBaseUrl) {
        try {
            for (Class<?> type = builder.getClass(); type != null; type = type.getSuperclass()) {
                for (java.lang.reflect.Field field : type.getDeclaredFields()) {
                    if (field.getName().equals("uploadBaseURL")) {
                        field.setAccessible(true);
                        field.set(builder, uploadBaseUrl);
                        return builder;
                    }
                }
            }
            throw new NoSuchFieldException("uploadBaseURL");
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot point twitter4j's media uploads at " + uploadBaseUrl
                    + " (twitter4j's Configuration.uploadBaseURL): " + e, e);
        }
    }

    private Twitter build(String accountName) {
        Account account = accounts.get(accountName);
        if (!account.usesOAuth1()) {
            throw new IllegalStateException("account " + accountName + " authenticates with OAuth 2.0: it has no "
                    + "v1.1 client (twitter4j's v1.1 calls need OAuth 1.0a user context)");
        }
        Properties props = new Properties();
        props.setProperty("restBaseURL", restBaseUrl);
        return withUploadBaseUrl(Twitter.newBuilder(), uploadBaseUrl)
                .load(props)
                .oAuthConsumer(account.consumerKey(), account.consumerSecret())
                .oAuthAccessToken(account.accessToken(), account.accessTokenSecret())
                .httpConnectionTimeout(connectTimeoutMillis)
                .httpReadTimeout(readTimeoutMillis)
                .httpRetryCount(0)
                .build();
    }
}
