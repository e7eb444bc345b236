package io.twitterhelpdesk.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each configured HTTP helpdesk's health, as health check {@code helpdesk-<name>} shows it: DOWN for good when its
 * configuration failed the start checks and {@code on-start-failure = down} kept the connector starting without it
 * (it is not delivered to); otherwise what its last probe found, UP without a {@code probe-url}.
 *
 * <p>{@link #probe()} (route helpdesk-probe, every {@code helpdesk.http.probe-url-interval}) probes again every delivered
 * helpdesk that has a probe URL; a change is one log line: WARN when it fails (with what to check), INFO when it
 * answers again.
 */
public final class HelpdeskHealth {

    private static final Logger LOG = LoggerFactory.getLogger(HelpdeskHealth.class);

    /**
     * One helpdesk: {@code delivering} false when the start checks left it out; {@code message} what is wrong or what
     * the last probe answered; {@code lastProbe} and {@code lastProbeStatus} (0 without an answer) when probed.
     */
    public record Status(String helpdesk, String queue, boolean up, boolean delivering, String message,
            Optional<String> probeUrl, Optional<Instant> lastProbe, int lastProbeStatus) {
    }

    private final Clock clock;
    private final Map<String, Status> statuses = new LinkedHashMap<>();
    private final Map<String, HelpdeskProbe> probes = new LinkedHashMap<>();

    HelpdeskHealth(Clock clock) {
        this.clock = clock;
    }

    /** A helpdesk the start checks left out: DOWN with the problem until the configuration is fixed and restarted. */
    synchronized void notDelivered(String name, String queue, String problem) {
        statuses.put(name, new Status(name, queue, false, false, problem + "; not delivered to since the start "
                + "(on-start-failure = down): its messages wait on " + queue + "; fix the configuration and restart",
                Optional.empty(), Optional.empty(), 0));
    }

    /** A delivered helpdesk without a probe URL: UP. */
    synchronized void delivering(HttpHelpdesk helpdesk) {
        statuses.put(helpdesk.name(), new Status(helpdesk.name(), helpdesk.queue(), true, true,
                "Delivering from " + helpdesk.queue() + " (no probe-url)", Optional.empty(), Optional.empty(), 0));
    }

    /** A delivered helpdesk with a probe, and what the probe at start found. */
    synchronized void delivering(HttpHelpdesk helpdesk, HelpdeskProbe probe, HelpdeskProbe.Outcome atStart) {
        probes.put(helpdesk.name(), probe);
        record(helpdesk.name(), helpdesk.queue(), probe, atStart);
    }

    /** Probes every delivered helpdesk that has a probe URL, one after the other; logs each change. */
    public void probe() {
        Map<String, HelpdeskProbe> current;
        synchronized (this) {
            current = new LinkedHashMap<>(probes);
        }
        current.forEach((name, probe) -> {
            HelpdeskProbe.Outcome outcome = probe.call();
            Status before;
            synchronized (this) {
                before = statuses.get(name);
                record(name, before.queue(), probe, outcome);
            }
            if (before.up() && !outcome.ok()) {
                LOG.warn("{}. Its messages wait meanwhile, in order (helpdesk.http.{}.retry.*); health check "
                        + "helpdesk-{} is DOWN until the probe URL answers 2xx", outcome.message(), name, name);
            } else if (!before.up() && outcome.ok()) {
                LOG.info("{}: the helpdesk answers its probe again, health check helpdesk-{} is UP", outcome.message(),
                        name);
            }
        });
    }

    private void record(String name, String queue, HelpdeskProbe probe, HelpdeskProbe.Outcome outcome) {
        statuses.put(name, new Status(name, queue, outcome.ok(), true, outcome.message(), Optional.of(probe.url()),
                Optional.of(clock.instant()), outcome.status()));
    }

    public synchronized Optional<Status> status(String name) {
        return Optional.ofNullable(statuses.get(name));
    }

    /** Every configured helpdesk's name, delivered or not. */
    public synchronized List<String> names() {
        return List.copyOf(statuses.keySet());
    }
}
