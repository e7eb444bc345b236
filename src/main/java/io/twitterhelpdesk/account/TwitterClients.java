package io.twitterhelpdesk.account;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import twitter4j.Twitter;
import twitter4j.TwitterException;
import twitter4j.v1.User;

/**
 * One twitter4j client per account, pointed at the configured REST base URL (the real API, or the sandbox),
 * and the account's numeric id, asked once from {@code account/verify_credentials}.
 */
public final class TwitterClients {

    private final AccountRegistry accounts;
    private final String restBaseUrl;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final Map<String, Twitter> clients = new ConcurrentHashMap<>();
    private final Map<String, Long> accountIds = new ConcurrentHashMap<>();

    public TwitterClients(AccountRegistry accounts, String restBaseUrl, int connectTimeoutMillis, int readTimeoutMillis) {
        this.accounts = accounts;
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
            User me = client(accountName).v1().users().verifyCredentials();
            id = me.getId();
            accountIds.put(accountName, id);
        }
        return id;
    }

    private Twitter build(String accountName) {
        Account account = accounts.get(accountName);
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
