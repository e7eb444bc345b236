package io.twitterhelpdesk.app;

import io.twitterhelpdesk.api.ApiProblem;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;

/**
 * The API server's first handler: lets a request through only while the routes run (the CamelContext is started).
 * Before that, while the connector starts, and again while it stops, the REST API's and the webhook's paths have no
 * route on the server, and Vert.x would answer {@code 404 Resource not found}: a client would take the URL for wrong,
 * and X a pushed event for refused. This answers {@code 503} with {@code Retry-After} instead, which both retry.
 */
final class RoutesRunningGate implements Handler<RoutingContext> {

    static final int RETRY_AFTER_SECONDS = 5;

    private final CamelContext context;

    RoutesRunningGate(CamelContext context) {
        this.context = context;
    }

    @Override
    public void handle(RoutingContext request) {
        ServiceStatus status = context.getStatus();
        if (status.isStarted()) {
            request.next();
            return;
        }
        request.response().setStatusCode(503)
                .putHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS))
                .putHeader("Content-Type", "application/json")
                .end(ApiProblem.json("service_unavailable", "The connector is " + (starting(status) ? "starting"
                        : "stopping") + ": retry in " + RETRY_AFTER_SECONDS + " seconds"));
    }

    private static boolean starting(ServiceStatus status) {
        return status == ServiceStatus.Initializing || status == ServiceStatus.Initialized || status.isStarting();
    }
}
