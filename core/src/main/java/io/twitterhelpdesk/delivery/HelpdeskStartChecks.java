package io.twitterhelpdesk.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLContext;

import io.twitterhelpdesk.config.HelpdeskConfig;
import io.twitterhelpdesk.config.HttpHelpdesksConfig;
import io.twitterhelpdesk.config.Settings;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP helpdesks' configuration, checked before the connector starts instead of on each message: every key
 * read and typed (URLs parse, credentials are present), the body templates compiled and tried on sample envelopes,
 * the trust store opened, and, with a {@code probe-url}, one call to the helpdesk with its credentials.
 *
 * <p>A helpdesk failing a check refuses the start with the message naming the key ({@code on-start-failure =
 * refuse}, the default), or is left out ({@code down}): not delivered to, its messages waiting on its queue, its
 * health check DOWN with the message, the other helpdesks delivered. A probe that finds the helpdesk unavailable
 * (no connection, timeout, 5xx, 429) is no configuration error: the helpdesk is delivered to (its messages wait out
 * the outage, {@code retry.*}), with one WARN line and its health check DOWN until its probe URL answers.
 */
public final class HelpdeskStartChecks {

    private static final Logger LOG = LoggerFactory.getLogger(HelpdeskStartChecks.class);

    /**
     * The helpdesks delivered to, every configured helpdesk's health, and how often the probes run again
     * ({@code helpdesk.http.probe-url-interval}, route helpdesk-probe).
     */
    public record Result(HttpHelpdesks helpdesks, HelpdeskHealth health, Duration probeInterval) {
    }

    private final CamelContext context;
    private final Settings settings;
    private final HelpdeskTemplates templates;

    private HelpdeskStartChecks(CamelContext context, Settings settings) {
        this.context = context;
        this.settings = settings;
        this.templates = new HelpdeskTemplates(context);
    }

    public static Result run(CamelContext context, Settings settings, Clock clock) {
        return new HelpdeskStartChecks(context, settings).run(clock);
    }

    private Result run(Clock clock) {
        HttpHelpdesksConfig config = settings.bind(new HttpHelpdesksConfig());
        Duration probeInterval = config.probeUrlInterval();
        HelpdeskHealth health = new HelpdeskHealth(clock);
        List<HttpHelpdesk> delivered = new ArrayList<>();
        for (String name : config.names()) {
            boolean refuse = refusesTheStart(name);
            try {
                HttpHelpdesk helpdesk = HttpHelpdesk.load(settings, name);
                checkTemplates(helpdesk);
                SSLContext tls = helpdesk.trustStore().map(store -> sslContext(helpdesk, store)).orElse(null);
                if (helpdesk.probeUrl().isPresent()) {
                    HelpdeskProbe probe = new HelpdeskProbe(helpdesk, tls);
                    health.delivering(helpdesk, probe, probeAtStart(helpdesk, probe));
                } else {
                    health.delivering(helpdesk);
                }
                delivered.add(helpdesk);
            } catch (IllegalArgumentException e) {
                if (refuse) {
                    throw e;
                }
                String queue = HttpHelpdesk.queue(settings, name);
                LOG.error("HTTP helpdesk {} is not delivered to (helpdesk.http.{}.on-start-failure = down): {}. Its "
                        + "messages wait on {}; fix the configuration and restart", name, name, e.getMessage(), queue);
                health.notDelivered(name, queue, e.getMessage());
            }
        }
        return new Result(new HttpHelpdesks(delivered), health, probeInterval);
    }

    /** {@code helpdesk.http.<name>.on-start-failure}: refuse (the default) or down. */
    private boolean refusesTheStart(String name) {
        String key = "helpdesk.http." + name + ".on-start-failure";
        // read alone, before the helpdesk's other keys, which it decides about
        String value = settings.optional(key)
                .orElseGet(() -> settings.required(HelpdeskConfig.DEFAULTS + "on-start-failure"))
                .toLowerCase(Locale.ROOT);
        return switch (value) {
            case "refuse" -> true;
            case "down" -> false;
            default -> throw new IllegalArgumentException(key + " must be refuse or down, not '" + value + "'");
        };
    }

    /** The create template, and the append template when it is another one. */
    private void checkTemplates(HttpHelpdesk helpdesk) {
        String p = "helpdesk.http." + helpdesk.name() + ".";
        AttachmentOptions.Mode mode = helpdesk.attachments().mode();
        templates.check(p + "create.template", helpdesk.create().template(), mode);
        helpdesk.append().map(HelpdeskCall::template).filter(t -> !t.equals(helpdesk.create().template()))
                .ifPresent(t -> templates.check(p + "append.template", t, mode));
    }

    private SSLContext sslContext(HttpHelpdesk helpdesk, HttpHelpdesk.TrustStore store) {
        try {
            return store.parameters().createSSLContext(context);
        } catch (Exception e) {
            String p = "helpdesk.http." + helpdesk.name() + ".";
            throw new IllegalArgumentException(p + "trust-store: " + store + " cannot be used (" + e.getMessage()
                    + "); check " + p + "trust-store, " + p + "trust-store-password and " + p + "trust-store-type");
        }
    }

    /** Refused credentials or a wrong probe URL fail the start check; an unavailable helpdesk is a WARN. */
    private static HelpdeskProbe.Outcome probeAtStart(HttpHelpdesk helpdesk, HelpdeskProbe probe) {
        HelpdeskProbe.Outcome outcome = probe.call();
        switch (outcome.result()) {
            case OK -> LOG.info("{}", outcome.message());
            case REFUSED -> throw new IllegalArgumentException(outcome.message());
            case UNAVAILABLE -> LOG.warn("{}. Starting anyway: messages from {} wait, in order, until the helpdesk "
                    + "takes them (helpdesk.http.{}.retry.*); health check helpdesk-{} is DOWN until the probe URL "
                    + "answers 2xx (called every helpdesk.http.probe-url-interval). Check the helpdesk's address and "
                    + "that it runs", outcome.message(), helpdesk.queue(), helpdesk.name(), helpdesk.name());
        }
        return outcome;
    }
}
