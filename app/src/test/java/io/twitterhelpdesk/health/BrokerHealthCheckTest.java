package io.twitterhelpdesk.health;

import java.nio.file.Path;
import java.util.List;

import io.twitterhelpdesk.broker.BrokerSettings;
import io.twitterhelpdesk.broker.EmbeddedBroker;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerHealthCheckTest {

    @TempDir
    Path dir;

    private EmbeddedBroker broker;
    private ActiveMQConnectionFactory connections;
    private BrokerHealthCheck check;

    @BeforeEach
    void startBroker() {
        broker = new EmbeddedBroker(dir.resolve("artemis"), "127.0.0.1", 0, List.of("CORE"),
                new BrokerSettings("DLA", "ExpiryQueue", 5, 100, 2, 1000, 1000), null);
        broker.start();
        connections = new ActiveMQConnectionFactory(broker.url());
        check = new BrokerHealthCheck(connections, "embedded");
    }

    @AfterEach
    void stopBroker() {
        connections.close();
        broker.stop();
    }

    @Test
    void upWhileTheBrokerTakesAConnectionAndASession() {
        HealthCheck.Result result = check.call();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(result.getDetails()).containsEntry("broker", "embedded");
    }

    @Test
    void downNamingTheBrokerWhileItIsStoppedAndUpAgainWhenItIsBack() {
        broker.stop();

        HealthCheck.Result down = check.call();
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getMessage()).hasValueSatisfying(m -> assertThat(m)
                .startsWith("The broker cannot be reached: "));
        assertThat(down.getDetails()).containsEntry("broker", "embedded");

        broker.start(); // the same port again
        assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void decidesReadinessButNotLiveness() {
        assertThat(check.isReadiness()).as("no traffic while the broker is gone").isTrue();
        assertThat(check.isLiveness()).as("a restart does not bring a broker back").isFalse();
        assertThat(check.getId()).isEqualTo("broker");
    }
}
