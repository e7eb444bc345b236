package io.twitterhelpdesk.health;

import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * One HTTP helpdesk, as its circuit breaker sees it: UP while it takes calls (breaker closed), DOWN while it is down
 * (breaker open: calls are held back and one probe goes through per {@code retry.probe-interval}; half open: the
 * probe is under way). Messages wait on its queue meanwhile, in order; nothing is lost.
 *
 * <p>Neither a liveness nor a readiness check: it shows in {@code /observe/health} but not in
 * {@code /observe/health/live} or {@code /ready}, because a helpdesk outage must not make an orchestrator restart
 * the connector or stop routing webhooks and replies to it.
 */
public final class HelpdeskHealthCheck extends AbstractHealthCheck {

    private final String helpdesk;
    private final CircuitBreaker breaker;

    public HelpdeskHealthCheck(String helpdesk, CircuitBreaker breaker) {
        super("helpdesks", "helpdesk-" + helpdesk);
        this.helpdesk = helpdesk;
        this.breaker = breaker;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    protected HealthCheckResultBuilder doCall(Map<String, Object> options) {
        HealthCheckResultBuilder builder = super.doCall(options);
        builder.detail(HealthCheck.CHECK_KIND, HealthCheck.Kind.ALL);
        return builder;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        CircuitBreaker.State state = breaker.getState();
        CircuitBreaker.Metrics metrics = breaker.getMetrics();
        builder.detail("helpdesk", helpdesk);
        builder.detail("circuit", state.name());
        builder.detail("failed.calls", metrics.getNumberOfFailedCalls());
        builder.detail("refused.calls", metrics.getNumberOfNotPermittedCalls());
        if (state == CircuitBreaker.State.CLOSED || state == CircuitBreaker.State.DISABLED) {
            builder.up();
        } else {
            builder.message("helpdesk " + helpdesk + " is not taking calls (circuit " + state
                    + "); its messages wait on its queue, in order").down();
        }
    }
}
