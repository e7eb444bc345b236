package io.twitterhelpdesk.health;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.twitterhelpdesk.delivery.HelpdeskHealth;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * One HTTP helpdesk ({@code helpdesk-<name>}). DOWN when:
 * <ul>
 *   <li>the start checks left it out ({@code on-start-failure = down}: a configuration error or refused
 *       credentials, the message naming the key): it is not delivered to, its messages wait on its queue;</li>
 *   <li>its circuit breaker is not closed (open: calls are held back and one goes through per
 *       {@code retry.probe-interval}; half open: that call is under way). Messages wait on its queue meanwhile, in
 *       order; nothing is lost;</li>
 *   <li>its {@code probe-url} was last not answered 2xx.</li>
 * </ul>
 * UP otherwise. Details: the queue, whether it is delivered to, the circuit and its call counts, and with a probe URL
 * the probe's URL, time and status.
 *
 * <p>Neither a liveness nor a readiness check: it shows in {@code /observe/health} but not in
 * {@code /observe/health/live} or {@code /ready}, because a helpdesk outage must not make an orchestrator restart
 * the connector or stop routing webhooks and replies to it.
 */
public final class HelpdeskHealthCheck extends InformationalHealthCheck {

    private final String helpdesk;
    private final Function<String, Optional<HelpdeskHealth.Status>> status;
    private final CircuitBreaker breaker;

    /**
     * @param status  what the start checks and the probes found, by helpdesk name
     * @param breaker the helpdesk's circuit breaker; null for a helpdesk the start checks left out
     */
    public HelpdeskHealthCheck(String helpdesk, Function<String, Optional<HelpdeskHealth.Status>> status,
            CircuitBreaker breaker) {
        super("helpdesks", "helpdesk-" + helpdesk);
        this.helpdesk = helpdesk;
        this.status = status;
        this.breaker = breaker;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("helpdesk", helpdesk);
        Optional<HelpdeskHealth.Status> found = status.apply(helpdesk);
        found.ifPresent(s -> {
            builder.detail("queue", s.queue());
            builder.detail("delivering", s.delivering());
            s.probeUrl().ifPresent(url -> {
                builder.detail("probeUrl", url);
                builder.detail("lastProbe", s.lastProbe().map(Instant::toString).orElse("never"));
                builder.detail("lastProbeStatus", s.lastProbeStatus());
            });
        });
        CircuitBreaker.State state = breaker == null ? null : breaker.getState();
        if (breaker != null) {
            builder.detail("circuit", state.name());
            builder.detail("failed.calls", breaker.getMetrics().getNumberOfFailedCalls());
            builder.detail("refused.calls", breaker.getMetrics().getNumberOfNotPermittedCalls());
        }
        if (found.isPresent() && !found.get().delivering()) {
            builder.down().message(found.get().message());
        } else if (state != null && state != CircuitBreaker.State.CLOSED && state != CircuitBreaker.State.DISABLED) {
            builder.down().message("helpdesk " + helpdesk + " is not taking calls (circuit " + state
                    + "); its messages wait on its queue, in order");
        } else if (found.isPresent() && !found.get().up()) {
            builder.down().message(found.get().message());
        } else {
            builder.up();
            found.ifPresent(s -> builder.message(s.message()));
        }
    }
}
