package io.twitterhelpdesk.e2e.operations;

import java.nio.file.Path;
import java.time.Duration;

import io.twitterhelpdesk.broker.EmbeddedBroker;
import io.twitterhelpdesk.e2e.support.ManagementCalls.Health;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.ManagementCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /observe/health on the management port, as an orchestrator and an operator read it: broker and state store in
 * readiness, each account's last successful poll in the overall health.
 */
class HealthTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    private ConnectorHarness harness;
    private ManagementCalls management;

    @BeforeEach
    void start() throws Exception {
        harness = new ConnectorHarness(dataDir);
        harness.properties.put("twitter.account.acme_sales.ingestion", "webhook");
        harness.start();
        management = new ManagementCalls(harness.managementBaseUrl());
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void upWithEveryAccountsLastPollOnItsOwnPort() throws Exception {
        Health health = management.awaitHealth("", 200, WAIT);
        long until = System.nanoTime() + WAIT.toNanos();
        while (health.check("account-acme_support").map(c -> c.path("data").path("mention.lastSuccessfulPoll")
                .asText()).orElse("never").equals("never") && System.nanoTime() < until) {
            Thread.sleep(100);
            health = management.health("");
        }

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().path("status").asText()).isEqualTo("UP");
        assertThat(health.check("broker")).hasValueSatisfying(c -> {
            assertThat(c.path("status").asText()).isEqualTo("UP");
            assertThat(c.path("data").path("broker").asText()).isEqualTo("embedded");
        });
        assertThat(health.check("state-store")).hasValueSatisfying(c -> {
            assertThat(c.path("status").asText()).isEqualTo("UP");
            assertThat(c.path("data").path("database").asText()).isEqualTo("H2");
        });
        assertThat(health.check("account-acme_support")).hasValueSatisfying(c -> {
            assertThat(c.path("status").asText()).isEqualTo("UP");
            assertThat(c.path("data").path("polledHere").asBoolean()).isTrue();
            assertThat(c.path("data").path("dm.lastSuccessfulPoll").asText()).matches("20\\d\\d-.*Z");
            assertThat(c.path("data").path("mention.lastSuccessfulPoll").asText()).matches("20\\d\\d-.*Z");
            assertThat(c.path("data").path("lastWebhook").asText()).isEqualTo("never");
        });
        assertThat(health.check("account-acme_sales")).hasValueSatisfying(c -> {
            assertThat(c.path("status").asText()).isEqualTo("UP");
            assertThat(c.path("data").path("ingestion").asText()).isEqualTo("webhook");
        });
        assertThat(management.health("/ready").status()).isEqualTo(200);
        assertThat(management.health("/live").status()).isEqualTo(200);
    }

    @Test
    void downWhileTheBrokerIsStoppedAndUpAgainAfter() throws Exception {
        assertThat(management.awaitHealth("/ready", 200, WAIT).status()).isEqualTo(200);
        EmbeddedBroker broker = harness.connector().context().getRegistry().lookupByNameAndType("embeddedBroker",
                EmbeddedBroker.class);
        harness.jms().close();
        broker.stop();
        Health down;
        Health overall;
        Health live;
        try {
            down = management.awaitHealth("/ready", 503, WAIT);
            overall = management.health("");
            live = management.health("/live");
        } finally {
            broker.start();
        }

        assertThat(down.status()).isEqualTo(503);
        assertThat(down.body().path("status").asText()).isEqualTo("DOWN");
        assertThat(down.check("broker")).hasValueSatisfying(c -> {
            assertThat(c.path("status").asText()).isEqualTo("DOWN");
            assertThat(c.path("message").asText()).startsWith("The broker cannot be reached");
        });
        assertThat(down.check("state-store").map(c -> c.path("status").asText())).hasValue("UP");
        assertThat(overall.status()).isEqualTo(503);
        assertThat(live.status()).as("a broker outage is no reason to restart the connector").isEqualTo(200);

        Health up = management.awaitHealth("/ready", 200, WAIT);
        assertThat(up.status()).isEqualTo(200);
        assertThat(up.check("broker").map(c -> c.path("status").asText())).hasValue("UP");
        assertThat(management.health("").status()).isEqualTo(200);
    }
}
