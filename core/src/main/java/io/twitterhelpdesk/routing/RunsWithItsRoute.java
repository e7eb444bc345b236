package io.twitterhelpdesk.routing;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;

/**
 * A route policy for work that runs while its route runs (what feeds the route: the polls, a queue's consumers): {@link #routeRuns} when
 * the route starts or resumes, {@link #routeStops} when it stops, is suspended or removed; nothing per exchange.
 */
public interface RunsWithItsRoute extends RoutePolicy {

    /** The route started or resumed: the work begins (again). */
    void routeRuns(Route route);

    /** The route stopped, was suspended or removed: the work ends. */
    void routeStops();

    @Override
    default void onStart(Route route) {
        routeRuns(route);
    }

    @Override
    default void onResume(Route route) {
        routeRuns(route);
    }

    @Override
    default void onStop(Route route) {
        routeStops();
    }

    @Override
    default void onSuspend(Route route) {
        routeStops();
    }

    @Override
    default void onRemove(Route route) {
        routeStops();
    }

    @Override
    default void onInit(Route route) {
        // nothing before the route starts
    }

    @Override
    default void onExchangeBegin(Route route, Exchange exchange) {
        // nothing per exchange
    }

    @Override
    default void onExchangeDone(Route route, Exchange exchange) {
        // nothing per exchange
    }
}
