package io.twitterhelpdesk.inbound;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.spi.RouteIdAware;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * The poll strategy of the pollers (route template {@code twitter-poller}, endpoint option {@code pollStrategy}): a
 * poller's scheduled run polls only on the instance that leads its account's namespace ({@code pollers-<account>},
 * leases in the state database); elsewhere the run is skipped. Leadership thus costs no route start or stop, no thread
 * and no task per account: the shared poll scheduler keeps every poller's schedule.
 * <p>
 * An instance that takes an account over polls it at once ({@link #pollNow}), not at the poller's next due run, which
 * may be a whole poll delay away (60 s for DMs by default): a failover then moves the polling within about a lease.
 * One poll of a route runs at a time: a run that comes while the route's poll is still going (the one started at the
 * takeover meeting a scheduled one) is skipped.
 */
public final class LeadingInstancePolls extends DefaultPollingConsumerPollStrategy {

    private final Map<String, String> accountOfRoute;
    private final Predicate<String> leadsAccount;
    private final Set<String> polling = ConcurrentHashMap.newKeySet();

    /**
     * @param accountOfRoute the account of each poller route id
     * @param leadsAccount   whether this instance leads an account's pollers now
     */
    public LeadingInstancePolls(Map<String, String> accountOfRoute, Predicate<String> leadsAccount) {
        this.accountOfRoute = Map.copyOf(accountOfRoute);
        this.leadsAccount = leadsAccount;
    }

    /**
     * Polls where this instance leads the route's account and the route is not polling already; a route of no known
     * account never polls.
     */
    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        String route = consumer instanceof RouteIdAware aware ? aware.getRouteId() : null;
        String account = route == null ? null : accountOfRoute.get(route);
        return account != null && leadsAccount.test(account) && polling.add(route);
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        done(consumer);
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception e) throws Exception {
        done(consumer);
        return super.rollback(consumer, endpoint, retryCounter, e);
    }

    private void done(Consumer consumer) {
        if (consumer instanceof RouteIdAware aware) {
            polling.remove(aware.getRouteId());
        }
    }

    /**
     * Runs a poll of each started poller route of the account now, on the given executor (the pollers' scheduler),
     * besides their schedule: called when this instance has just taken the account over. Routes not started yet
     * (the connector starting) poll at their first due run.
     */
    public void pollNow(CamelContext context, String account, Executor executor) {
        accountOfRoute.forEach((routeId, owner) -> {
            Route route = owner.equals(account) ? context.getRoute(routeId) : null;
            if (route != null && route.getConsumer() instanceof ScheduledPollConsumer consumer
                    && consumer.isRunAllowed() && consumer.isSchedulerStarted() && !consumer.isSuspended()) {
                executor.execute(consumer);
            }
        });
    }
}
