package io.twitterhelpdesk.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.twitterhelpdesk.config.HelpdeskConfig;
import io.twitterhelpdesk.config.Settings;

/**
 * How long each HTTP helpdesk is waited for when it cannot take a message (5xx, 429, timeout, refused connection):
 * the message is tried again after {@code retry.initial-delay}, each wait {@code retry.multiplier} times longer, at
 * most {@code retry.max-delay}, until {@code retry.give-up-after} has passed since its first failure; then it is
 * parked. Meanwhile the helpdesk's queue waits behind it, so every conversation keeps its order.
 *
 * <p>Each helpdesk also has a circuit breaker (Resilience4j, bean {@code helpdeskBreaker-<name>}, used by the route
 * template's circuitBreaker step): after failed calls it opens, and calls are refused without reaching the
 * helpdesk until one probe call per {@code retry.probe-interval} goes through again; the first answer closes it.
 */
public final class HelpdeskRetries {

    /** One helpdesk's policy. */
    public record Policy(Duration initialDelay, double multiplier, Duration maxDelay, Duration giveUpAfter,
            Duration probeInterval) {
    }

    private final Map<String, Policy> policies = new LinkedHashMap<>();
    private final Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();
    private final Clock clock;

    public HelpdeskRetries(Map<String, Policy> policies, Clock clock) {
        this.policies.putAll(policies);
        this.clock = clock;
        policies.forEach((name, policy) -> breakers.put(name, CircuitBreaker.of("helpdesk-" + name,
                CircuitBreakerConfig.custom()
                        // the last 4 calls; 3 failed among them open the breaker
                        .slidingWindowSize(4)
                        .minimumNumberOfCalls(3)
                        .failureRateThreshold(75)
                        .waitDurationInOpenState(policy.probeInterval())
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .build())));
    }

    /**
     * The policies of the configured helpdesks: {@code helpdesk.http.<name>.retry.*}, else
     * {@code helpdesk.http.default.retry.*}.
     */
    public static HelpdeskRetries load(Settings settings, HttpHelpdesks helpdesks, Clock clock) {
        Map<String, Policy> policies = new LinkedHashMap<>();
        for (HttpHelpdesk helpdesk : helpdesks.all()) {
            String prefix = "helpdesk.http." + helpdesk.name() + ".retry.";
            HelpdeskConfig config = HttpHelpdesk.config(settings, helpdesk.name());
            Duration initial = positive(prefix + "initial-delay", config.retryInitialDelay());
            Duration max = positive(prefix + "max-delay", config.retryMaxDelay());
            Duration giveUp = positive(prefix + "give-up-after", config.retryGiveUpAfter());
            Duration probe = positive(prefix + "probe-interval", config.retryProbeInterval());
            String multiplierValue = config.retryMultiplier();
            double multiplier;
            try {
                multiplier = Double.parseDouble(multiplierValue);
            } catch (NumberFormatException e) {
                multiplier = 0;
            }
            if (multiplier < 1) {
                throw new IllegalArgumentException(prefix + "multiplier must be a number of at least 1, not '"
                        + multiplierValue + "'");
            }
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException(prefix + "max-delay (" + max + ") is shorter than " + prefix
                        + "initial-delay (" + initial + ")");
            }
            policies.put(helpdesk.name(), new Policy(initial, multiplier, max, giveUp, probe));
        }
        return new HelpdeskRetries(policies, clock);
    }

    private static Duration positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, not " + value);
        }
        return value;
    }

    public Map<String, CircuitBreaker> breakers() {
        return breakers;
    }

    public Policy policy(String helpdesk) {
        Policy policy = policies.get(helpdesk);
        if (policy == null) {
            throw new IllegalArgumentException("No HTTP helpdesk named '" + helpdesk + "'");
        }
        return policy;
    }

    /** Now, by the connector's clock: when a message's first failure happened. */
    public long now() {
        return clock.millis();
    }

    /** The tries of a message so far, from the delivery loop's index (0 during its first try). */
    public int tries(int loopIndex) {
        return loopIndex + 1;
    }

    /**
     * How long to wait before trying the message again after its {@code retries}-th failed try (1 for the first),
     * its first failure at {@code failingSince} (epoch ms); -1 when {@code retry.give-up-after} has passed: park it.
     */
    public long nextDelay(String helpdesk, long failingSince, int retries) {
        Policy policy = policy(helpdesk);
        long waited = clock.millis() - failingSince;
        long left = policy.giveUpAfter().toMillis() - waited;
        if (left <= 0) {
            return -1;
        }
        double delay = policy.initialDelay().toMillis() * Math.pow(policy.multiplier(), Math.max(0, retries - 1));
        return Math.min(left, (long) Math.min(delay, policy.maxDelay().toMillis()));
    }

    /** The breaker's state, for health and metrics: CLOSED, OPEN, HALF_OPEN... */
    public String state(String helpdesk) {
        CircuitBreaker breaker = breakers.get(helpdesk);
        return breaker == null ? "UNKNOWN" : breaker.getState().name();
    }
}
