package io.twitterhelpdesk.inbound;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.account.AccountRegistry;
import org.apache.camel.spi.RouteTemplateParameterSource;

/**
 * Instantiates the YAML route template {@code twitter-poller} once per polled account and enabled channel
 * (route ids {@code poll-dm-<account>} and {@code poll-mention-<account>}), so adding an account or switching a
 * channel off is configuration only. Camel reads this source when the context starts.
 */
public final class AccountPollerRoutes implements RouteTemplateParameterSource {

    public static final String TEMPLATE_ID = "twitter-poller";

    private final Map<String, Map<String, Object>> routes = new LinkedHashMap<>();

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
        routes.put("poll-" + channel + "-" + account.name(), parameters);
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
