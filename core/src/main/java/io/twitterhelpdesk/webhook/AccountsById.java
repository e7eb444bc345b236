package io.twitterhelpdesk.webhook;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.xapi.TwitterClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import twitter4j.TwitterException;

/**
 * The configured account a pushed event is for, found by its Twitter user id (asked once per account from the API,
 * see {@link TwitterClients#accountId}). An id that is none of them is logged once.
 */
public final class AccountsById {

    private static final Logger LOG = LoggerFactory.getLogger(AccountsById.class);

    private final AccountRegistry accounts;
    private final TwitterClients clients;
    private final Set<Long> unknownLogged = ConcurrentHashMap.newKeySet();

    public AccountsById(AccountRegistry accounts, TwitterClients clients) {
        this.accounts = accounts;
        this.clients = clients;
    }

    public Optional<Account> find(long twitterId) {
        for (Account account : accounts.all()) {
            try {
                if (clients.accountId(account.name()) == twitterId) {
                    return Optional.of(account);
                }
            } catch (TwitterException e) {
                LOG.warn("Could not ask Twitter for the id of account {}: {}", account.name(), e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** The account with this id, or an {@link UnknownWebhookAccountException} naming the {@code field} it came in. */
    public Account require(long twitterId, String field) {
        return find(twitterId).orElseThrow(() -> unknown(twitterId, field));
    }

    /** The refusal of an event for a Twitter user that is not a configured account, logged once per user. */
    public UnknownWebhookAccountException unknown(long twitterId, String field) {
        if (unknownLogged.add(twitterId)) {
            LOG.warn("Event for Twitter user {}, which is not a configured account: refused", twitterId);
        }
        return new UnknownWebhookAccountException(field + " " + twitterId + " is not one of the connector's accounts");
    }
}
