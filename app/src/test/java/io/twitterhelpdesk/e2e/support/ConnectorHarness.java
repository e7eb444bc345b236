package io.twitterhelpdesk.e2e.support;

import java.nio.file.Path;
import java.util.Map;

import jakarta.jms.JMSException;

import io.twitterhelpdesk.sandbox.TwitterSandbox;

/**
 * What most end-to-end tests start from: a sandbox with the two test accounts (rate limits off), the connector's
 * properties pointing at it (adjust {@link #properties} before {@link #start}), the connector itself and a plain
 * JMS client on its embedded broker.
 */
public final class ConnectorHarness implements AutoCloseable {

    public final TwitterSandbox sandbox;
    public final Map<String, String> properties;
    private final int brokerPort;
    private RunningConnector connector;
    private QueueReader jms;

    public ConnectorHarness(Path dataDir) {
        this(dataDir, ApiFlavour.V1_1);
    }

    /** With the test accounts on the given Twitter API. */
    public ConnectorHarness(Path dataDir, ApiFlavour api) {
        sandbox = new TwitterSandbox("127.0.0.1", 0, 0).start();
        sandbox.disableRateLimits();
        TestAccounts.register(sandbox);
        brokerPort = FreePorts.next();
        properties = TestProperties.connector(sandbox, dataDir, brokerPort, api);
    }

    public ConnectorHarness start() throws JMSException {
        return start(Map.of());
    }

    /** Starts the connector with beans bound first (e.g. a {@code clock}) and connects the JMS client. */
    public ConnectorHarness start(Map<String, Object> beans) throws JMSException {
        connector = RunningConnector.start(properties, beans);
        jms = newQueueReader();
        return this;
    }

    /** Stops the connector (not the sandbox) and starts it again on the same data directory and properties. */
    public ConnectorHarness restart(Map<String, Object> beans) throws JMSException {
        jms.close();
        connector.close();
        return start(beans);
    }

    /** Stops the connector only (sandbox and data directory stay), to be started again with {@link #start}. */
    public void stopConnector() throws Exception {
        jms.close();
        connector.close();
    }

    public RunningConnector connector() {
        return connector;
    }

    public QueueReader jms() {
        return jms;
    }

    /** A new JMS connection, e.g. after the broker was restarted. */
    public QueueReader reconnect() throws JMSException {
        jms.close();
        jms = newQueueReader();
        return jms;
    }

    /** The broker the connector uses: the embedded one, or {@code broker.url} when the test set it. */
    public String brokerUrl() {
        String external = properties.getOrDefault("broker.url", "");
        return external.isEmpty() ? "tcp://127.0.0.1:" + brokerPort : external;
    }

    /** A JMS client with the connector's login ({@code broker.user}, {@code broker.password}) if it has one. */
    private QueueReader newQueueReader() throws JMSException {
        return new QueueReader(brokerUrl(), properties.get("broker.user"), properties.get("broker.password"));
    }

    public String apiBaseUrl() {
        return "http://127.0.0.1:" + properties.get("camel.server.port");
    }

    /** The management server: /observe/health, /observe/metrics. */
    public String managementBaseUrl() {
        return "http://127.0.0.1:" + properties.get("camel.management.port");
    }

    @Override
    public void close() throws Exception {
        try {
            if (jms != null) {
                jms.close();
            }
        } finally {
            try {
                if (connector != null) {
                    connector.close();
                }
            } finally {
                sandbox.close();
            }
        }
    }
}
