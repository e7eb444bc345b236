package io.twitterhelpdesk.outbound;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.health.AccountHealth;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.xapi.TwitterClients;
import twitter4j.TwitterException;

/**
 * The configured accounts with their Twitter ids, and the DM deep links agents use to move a public complaint into
 * a private conversation ({@code https://twitter.com/messages/compose?recipient_id=<account id>}).
 */
public final class KnownAccounts {

    private final AccountRegistry registry;
    private final TwitterClients clients;
    private final Function<String, Optional<AccountHealth.Status>> health;

    public KnownAccounts(AccountRegistry registry, TwitterClients clients) {
        this(registry, clients, name -> Optional.empty());
    }

    /** @param health the account's last health check, by account name */
    public KnownAccounts(AccountRegistry registry, TwitterClients clients,
            Function<String, Optional<AccountHealth.Status>> health) {
        this.registry = registry;
        this.clients = clients;
        this.health = health;
    }

    public boolean isKnown(long accountId) {
        return registry.all().stream().anyMatch(a -> idOf(a) == accountId);
    }

    /** The configured account's name for a Twitter id (empty while Twitter could not be asked, or for another id). */
    public Optional<String> nameOf(long accountId) {
        return registry.all().stream().filter(a -> idOf(a) == accountId).map(Account::name).findFirst();
    }

    /**
     * Every account: name, screen name, id (null when Twitter could not be asked yet), DM link and, once checked, its
     * health: {@code {"status":"UP|DOWN|UNKNOWN","credentials":"valid|refused|unverified|unchecked","twitterId",
     * "dmSetting","acceptsDirectMessagesFromAnyone","checkedAt","problem"}}.
     */
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
            health.apply(a.name()).ifPresent(h -> entry.put("health", healthJson(h)));
            out.add(entry);
        }
        return out;
    }

    private static Map<String, Object> healthJson(AccountHealth.Status h) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", !h.healthy() ? "DOWN" : h.credentials() == AccountHealth.Credentials.VALID ? "UP" : "UNKNOWN");
        out.put("credentials", h.credentials().name().toLowerCase(java.util.Locale.ROOT));
        out.put("twitterId", h.twitterId());
        out.put("dmSetting", h.dmSetting());
        out.put("acceptsDirectMessagesFromAnyone", h.acceptsDirectMessagesFromAnyone());
        out.put("checkedAt", h.checkedAt() == null ? null : h.checkedAt().toString());
        out.put("problem", h.problem());
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
