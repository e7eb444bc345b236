package io.twitterhelpdesk.cost;

import java.util.Optional;

import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.account.AccountRegistry;

/**
 * Which X app (its consumer key, the scope of X's billing and of its daily deduplication) a configured account's
 * requests are billed to:
 * <ul>
 * <li>an account with OAuth 1.0a credentials: its {@code consumer-key};</li>
 * <li>an account on OAuth 2.0 ({@code auth=oauth2}): its {@code consumer-key} when that is set too, else the app's
 * {@code twitter.app.consumer-key}, else {@code oauth2:<oauth2-client-id>}. X (and the sandbox, which maps a user
 * token to the consumer key of the app the user authorised) bills the app the client id belongs to; the connector
 * cannot ask X which app that is, so set {@code consumer-key} on such an account when it polls under the same app
 * as an OAuth 1.0a account or the X Activity API, or its reads are deduplicated apart from theirs.</li>
 * </ul>
 * X Activity API events are billed to the app of the subscription, whose bearer token the connector holds:
 * {@code twitter.app.consumer-key}, else the account's app as above.
 */
public final class AccountApps {

    private final AccountRegistry accounts;
    private final Optional<String> appConsumerKey;

    public AccountApps(AccountRegistry accounts, Optional<String> appConsumerKey) {
        this.accounts = accounts;
        this.appConsumerKey = appConsumerKey.filter(k -> !k.isBlank());
    }

    /** The app of the account's user-context requests. */
    public String of(String accountName) {
        Account account = accounts.get(accountName);
        if (account.consumerKey() != null && !account.consumerKey().isBlank()) {
            return account.consumerKey();
        }
        return appConsumerKey.orElseGet(() -> "oauth2:" + account.oauth2().clientId());
    }

    /** The app of X Activity API events and app-only requests: the app's key, else the account's app. */
    public String activity(String accountName) {
        return appConsumerKey.orElseGet(() -> accountName == null ? "app" : of(accountName));
    }
}
