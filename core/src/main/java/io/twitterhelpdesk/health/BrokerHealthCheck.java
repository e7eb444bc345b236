package io.twitterhelpdesk.health;

import java.util.Map;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Session;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the broker takes a connection and opens a session, through the same pooled connection factory the
 * routes use (embedded broker or {@code broker.url}). Not a liveness check: restarting the connector does not bring
 * a broker back.
 */
public final class BrokerHealthCheck extends AbstractHealthCheck {

    private final ConnectionFactory connections;
    private final String broker;

    /** {@code broker}: what to call the broker in the answer ("embedded", or the external broker's host and port). */
    public BrokerHealthCheck(ConnectionFactory connections, String broker) {
        super("connector", "broker");
        this.connections = connections;
        this.broker = broker;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("broker", broker);
        try (Connection connection = connections.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            builder.up();
        } catch (JMSException | RuntimeException e) {
            builder.down().message("The broker cannot be reached: " + e.getMessage());
        }
    }
}
