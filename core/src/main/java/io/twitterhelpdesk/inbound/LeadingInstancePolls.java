package io.twitterhelpdesk.inbound;

import java.util.Map;
import java.util.function.Predicate;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.RouteIdAware;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;

/**
 * The poll strategy of the pollers (route template {@code twitter-poller}, endpoint option {@code pollStrategy}): a
 * poller's scheduled run polls only on the instance that leads its account's namespace ({@code pollers-<account>},
 * leases in the state database); elsewhere the run is skipped. Leadership thus costs no route start or stop, no thread
 * and no task per account: the shared poll scheduler keeps every poller's schedule, and an instance that takes an
 * account over polls it at the poller's next due run.
 */
public final class LeadingInstancePolls extends DefaultPollingConsumerPollStrategy {

    private final Map<String, String> accountOfRoute;
    private final Predicate<String> leadsAccount;

    /**
     * @param accountOfRoute the account of each poller route id
     * @param leadsAccount   whether this instance leads an account's pollers now
     */
    public LeadingInstancePolls(Map<String, String> accountOfRoute, Predicate<String> leadsAccount) {
        this.accountOfRoute = Map.copyOf(accountOfRoute);
        this.leadsAccount = leadsAccount;
    }

    /** Polls where this instance leads the route's account; a route of no known account never polls. */
    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        String account = consumer instanceof RouteIdAware route ? accountOfRoute.get(route.getRouteId()) : null;
        return account != null && leadsAccount.test(account);
    }
}
