package io.twitterhelpdesk.broker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.twitterhelpdesk.config.Settings;
import org.apache.camel.PropertyInject;

/**
 * The {@code broker.*} keys: the external broker, or the embedded Artemis broker (its acceptor, protocols, login,
 * address settings), and the connector's pool of connections to it.
 */
public final class BrokerConfig implements Settings.Checked {

    @PropertyInject("broker.url")
    private String url;
    @PropertyInject("broker.user")
    private String user;
    @PropertyInject("broker.password")
    private String password;
    @PropertyInject("broker.embedded.host")
    private String embeddedHost;
    @PropertyInject("broker.embedded.port")
    private int embeddedPort;
    @PropertyInject("broker.embedded.protocols")
    private String embeddedProtocols;
    @PropertyInject("broker.dead-letter-address")
    private String deadLetterAddress;
    @PropertyInject("broker.expiry-address")
    private String expiryAddress;
    @PropertyInject("broker.max-delivery-attempts")
    private int maxDeliveryAttempts;
    @PropertyInject("broker.redelivery-delay")
    private Duration redeliveryDelay;
    @PropertyInject("broker.redelivery-multiplier")
    private String redeliveryMultiplier;
    @PropertyInject("broker.max-redelivery-delay")
    private Duration maxRedeliveryDelay;
    @PropertyInject("broker.duplicate-id-cache-size")
    private int duplicateIdCacheSize;
    @PropertyInject("broker.pool.max-connections")
    private int poolMaxConnections;

    /**
     * The embedded broker's values together: its protocols, the multiplier, and its login ({@code broker.user} and
     * {@code broker.password} go together; without them only a loopback acceptor may take anonymous connections).
     * An external broker's login is its own business.
     */
    @Override
    public void check(String prefix) {
        embeddedProtocols();
        redeliveryMultiplier();
        if (embedded() && user.isEmpty() != password.isEmpty()) {
            throw new IllegalArgumentException("broker.user and broker.password go together: set both or neither");
        }
        if (embedded() && user.isEmpty() && !loopback(embeddedHost)) {
            throw new IllegalArgumentException("broker.embedded.host is " + embeddedHost + ", beyond loopback: set "
                    + "broker.user and broker.password, the login helpdesks and the connector use (no anonymous access "
                    + "from other hosts)");
        }
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("broker.embedded.host: unknown host '" + host + "'", e);
        }
    }

    /** No {@code broker.url}: the connector starts its own broker. */
    public boolean embedded() {
        return url.isEmpty();
    }

    /** The external broker's URL; empty for the embedded one. */
    public String url() {
        return url;
    }

    /** The login ({@code broker.user}); null when none is set. */
    public String user() {
        return user.isEmpty() ? null : user;
    }

    /** {@code broker.password}; null when none is set. */
    public String password() {
        return password.isEmpty() ? null : password;
    }

    public String embeddedHost() {
        return embeddedHost;
    }

    public int embeddedPort() {
        return embeddedPort;
    }

    /** {@code broker.embedded.protocols}: a comma-separated list of Artemis protocols, CORE among them. */
    public List<String> embeddedProtocols() {
        List<String> protocols = Arrays.stream(embeddedProtocols.split(",")).map(String::trim)
                .filter(p -> !p.isEmpty()).map(p -> p.toUpperCase(Locale.ROOT)).distinct().toList();
        if (!protocols.contains("CORE") || !EmbeddedBroker.PROTOCOLS.containsAll(protocols)) {
            throw new IllegalArgumentException("broker.embedded.protocols must list CORE (the connector's own) and "
                    + "any of AMQP, STOMP, MQTT, not '" + embeddedProtocols + "'");
        }
        return protocols;
    }

    public String deadLetterAddress() {
        return deadLetterAddress;
    }

    public String expiryAddress() {
        return expiryAddress;
    }

    public int maxDeliveryAttempts() {
        return maxDeliveryAttempts;
    }

    public Duration redeliveryDelay() {
        return redeliveryDelay;
    }

    /** {@code broker.redelivery-multiplier}: a number of at least 1. */
    public double redeliveryMultiplier() {
        try {
            double multiplier = Double.parseDouble(redeliveryMultiplier);
            if (multiplier >= 1) {
                return multiplier;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("broker.redelivery-multiplier must be a number of at least 1, not '"
                + redeliveryMultiplier + "'");
    }

    public Duration maxRedeliveryDelay() {
        return maxRedeliveryDelay;
    }

    public int duplicateIdCacheSize() {
        return duplicateIdCacheSize;
    }

    public int poolMaxConnections() {
        return poolMaxConnections;
    }
}
