package io.twitterhelpdesk.inbound;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.account.ApiVersion;
import org.apache.camel.spi.RouteTemplateParameterSource;

/**
 * Instantiates the YAML route template {@code twitter-poller} once per polled account and enabled channel
 * (route ids {@code poll-dm-<account>} and {@code poll-mention-<account>}) with the poller of the account's API
 * (beans {@code dmPoller}/{@code mentionPoller} for v1.1, {@code v2DmPoller}/{@code v2MentionPoller} for v2), so adding an account or switching a
 * channel off is configuration only. Camel reads this source when the context starts.
 */
public final class AccountPollerRoutes implements RouteTemplateParameterSource {

    public static final String TEMPLATE_ID = "twitter-poller";

    private final Map<String, Map<String, Object>> routes = new LinkedHashMap<>();
    private final Map<String, String> accountOfRoute = new LinkedHashMap<>();

    public AccountPollerRoutes(AccountRegistry accounts) {
        for (Account account : accounts.all()) {
            if (!account.polled()) {
                continue;
            }
            if (account.directMessagesEnabled()) {
                add(account, PolledMessage.DM, account.directMessagePollDelayMillis());
            }
            if (account.mentionsEnabled()) {
                add(account, PolledMessage.MENTION, account.mentionPollDelayMillis());
            }
        }
    }

    private void add(Account account, String channel, long delayMillis) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put(RouteTemplateParameterSource.TEMPLATE_ID, TEMPLATE_ID);
        parameters.put("account", account.name());
        parameters.put("channel", channel);
        parameters.put("delay", delayMillis);
        parameters.put("poller", (account.api() == ApiVersion.V2 ? "v2" + capitalized(channel) : channel) + "Poller");
        routes.put("poll-" + channel + "-" + account.name(), parameters);
        accountOfRoute.put("poll-" + channel + "-" + account.name(), account.name());
    }

    /** The account of each poller route id. */
    public Map<String, String> accountOfRoute() {
        return java.util.Collections.unmodifiableMap(accountOfRoute);
    }

    /** The accounts that have at least one poller. */
    public java.util.Collection<String> polledAccounts() {
        return new java.util.LinkedHashSet<>(accountOfRoute.values());
    }

    private static String capitalized(String channel) {
        return channel.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + channel.substring(1);
    }

    @Override
    public Map<String, Object> parameters(String routeId) {
        return routes.get(routeId);
    }

    @Override
    public Set<String> routeIds() {
        return routes.keySet();
    }
}
