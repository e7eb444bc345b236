package io.twitterhelpdesk.e2e;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** A start logs nothing a user cannot act on. */
class CleanStartupTest {

    /**
     * camel-micrometer's race on gauge camel.exchanges.last.timestamp (two routes completing their first exchanges at
     * once) makes Micrometer warn that the gauge is already registered; that line, and only that one, is dropped.
     * Micrometer warns once per JVM, so the line is written here as Micrometer writes it rather than raced for.
     */
    @Test
    void theDoubleRegistrationOfCamelsLastExchangeGaugeIsNotLogged() {
        MeterRegistry meters = new SimpleMeterRegistry();
        String camels = doubleRegistrationWarning(Gauge.builder("camel.exchanges.last.timestamp", () -> 0)
                .register(meters));
        String another = doubleRegistrationWarning(Gauge.builder("twitter.helpdesk.rate.limit.remaining", () -> 0)
                .tag("account", "acme_support").register(meters));

        try (CapturedLog log = CapturedLog.all()) {
            LoggerFactory.getLogger(MeterRegistry.class).warn(camels);
            LoggerFactory.getLogger(MeterRegistry.class).warn(another);

            assertThat(log.lines()).extracting(CapturedLog.Line::message).containsExactly(another);
            assertThat(log.lines()).extracting(CapturedLog.Line::level).containsExactly(Level.WARN);
        }
    }

    /** What Micrometer's MeterRegistry logs, the first time in a JVM, when a gauge is registered a second time. */
    private static String doubleRegistrationWarning(Gauge gauge) {
        return "This Gauge has been already registered (" + gauge.getId() + "), the registration will be ignored."
                + " Note that subsequent logs will be logged at debug level.";
    }
}
