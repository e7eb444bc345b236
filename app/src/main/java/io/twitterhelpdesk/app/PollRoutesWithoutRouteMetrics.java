package io.twitterhelpdesk.app;

import java.util.Collection;
import java.util.Set;

import org.apache.camel.Route;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicy;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyConfiguration;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * Leaves the per-account poll routes ({@code poll-dm-<account>}, {@code poll-mention-<account>}) out of Camel's
 * per-route metrics ({@code camel_exchanges_*} and {@code camel_route_policy_seconds} with a {@code routeId} label),
 * unless {@code inbound.poll-route-metrics} is true: with 1,000 accounts they were 2,000 routes of 7 series each,
 * 14,000 meters kept in memory and written at every scrape, each poll timed and counted three times, where the
 * connector's own {@code twitter_helpdesk_*} metrics and the account health already say what each account's polls
 * did. The context's totals ({@code kind="context"}) still count their exchanges.
 * <p>
 * camel-micrometer's route policy creates a route's meters when the route starts, from its configuration (Camel 4.17
 * has no key to leave routes out: its {@code excludePattern} is not one of {@code camel.metrics.*}); routes are added
 * before they start, so this gives each poll route's policy a configuration without route meters then.
 */
final class PollRoutesWithoutRouteMetrics extends LifecycleStrategySupport {

    private final MicrometerRoutePolicyConfiguration noRouteMeters = new MicrometerRoutePolicyConfiguration();
    private final Set<String> pollRouteIds;

    PollRoutesWithoutRouteMetrics(Set<String> pollRouteIds) {
        this.pollRouteIds = Set.copyOf(pollRouteIds);
        noRouteMeters.setRouteEnabled(false);
    }

    @Override
    public void onRoutesAdd(Collection<Route> routes) {
        for (Route route : routes) {
            if (pollRouteIds.contains(route.getRouteId())) {
                for (RoutePolicy policy : route.getRoutePolicyList()) {
                    if (policy instanceof MicrometerRoutePolicy metrics) {
                        metrics.setConfiguration(noRouteMeters);
                    }
                }
            }
        }
    }
}
