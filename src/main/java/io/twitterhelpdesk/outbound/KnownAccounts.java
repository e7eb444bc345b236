package io.twitterhelpdesk.outbound;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.account.TwitterClients;
import twitter4j.TwitterException;

/**
 * The configured accounts with their Twitter ids, and the DM deep links agents use to move a public complaint into
 * a private conversation ({@code https://twitter.com/messages/compose?recipient_id=<account id>}).
 */
public final class KnownAccounts {

    private final AccountRegistry registry;
    private final TwitterClients clients;

    public KnownAccounts(AccountRegistry registry, TwitterClients clients) {
        this.registry = registry;
        this.clients = clients;
    }

    public boolean isKnown(long accountId) {
        return registry.all().stream().anyMatch(a -> idOf(a) == accountId);
    }

    /** Every account: name, screen name, id (null when Twitter could not be asked yet) and DM link. */
    public List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Account a : registry.all()) {
            long id = idOf(a);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", a.name());
            entry.put("screenName", a.screenName());
            entry.put("id", id > 0 ? Long.toString(id) : null);
            entry.put("directMessages", a.directMessagesEnabled());
            entry.put("mentions", a.mentionsEnabled());
            entry.put("dmLink", id > 0 ? DmLink.of(id, null) : null);
            out.add(entry);
        }
        return out;
    }

    /** The DM link of one account, with optional prefilled text. */
    public Map<String, Object> dmLink(String accountId, String text) {
        long id;
        try {
            id = Long.parseLong(accountId);
        } catch (NumberFormatException e) {
            throw new UnknownConversationException("unknown_account", "accountId must be a number, not " + accountId);
        }
        if (!isKnown(id)) {
            throw new UnknownConversationException("unknown_account",
                    "accountId " + accountId + " is not one of the connector's accounts");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accountId", accountId);
        out.put("url", DmLink.of(id, text));
        return out;
    }

    private long idOf(Account account) {
        try {
            return clients.accountId(account.name());
        } catch (TwitterException e) {
            return -1;
        }
    }
}
