package io.twitterhelpdesk.account;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import io.twitterhelpdesk.xapi.XAnswer;
import io.twitterhelpdesk.xapi.XApiClient;
import io.twitterhelpdesk.xapi.XApiException;
import twitter4j.Twitter;
import twitter4j.TwitterException;

/**
 * One twitter4j client per account, pointed at the configured REST base URL (the real API, or the sandbox),
 * and the account's numeric id, asked once from {@code account/verify_credentials} (v1.1 accounts) or
 * {@code GET /2/users/me} (v2 accounts).
 */
public final class TwitterClients {

    private final AccountRegistry accounts;
    private final String restBaseUrl;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final Map<String, Twitter> clients = new ConcurrentHashMap<>();
    private final Map<String, Long> accountIds = new ConcurrentHashMap<>();
    private final XApiClient xApi;

    public TwitterClients(AccountRegistry accounts, String restBaseUrl, int connectTimeoutMillis, int readTimeoutMillis,
            XApiClient xApi) {
        this.accounts = accounts;
        this.xApi = xApi;
        this.restBaseUrl = restBaseUrl.endsWith("/") ? restBaseUrl : restBaseUrl + "/";
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    public Twitter client(String accountName) {
        return clients.computeIfAbsent(accountName, this::build);
    }

    /** The account's numeric Twitter id; the first call per account asks the API. */
    public long accountId(String accountName) throws TwitterException {
        Long id = accountIds.get(accountName);
        if (id == null) {
            id = accounts.get(accountName).api() == ApiVersion.V2 ? v2Id(accountName)
                    : client(accountName).v1().users().verifyCredentials().getId();
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

    private Twitter build(String accountName) {
        Account account = accounts.get(accountName);
        if (!account.usesOAuth1()) {
            throw new IllegalStateException("account " + accountName + " authenticates with OAuth 2.0: it has no "
                    + "v1.1 client (twitter4j's v1.1 calls need OAuth 1.0a user context)");
        }
        Properties props = new Properties();
        props.setProperty("restBaseURL", restBaseUrl);
        return Twitter.newBuilder()
                .load(props)
                .oAuthConsumer(account.consumerKey(), account.consumerSecret())
                .oAuthAccessToken(account.accessToken(), account.accessTokenSecret())
                .httpConnectionTimeout(connectTimeoutMillis)
                .httpReadTimeout(readTimeoutMillis)
                .httpRetryCount(0)
                .build();
    }
}
