package io.twitterhelpdesk.broker;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptor;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ActiveMQ Artemis broker the connector starts when no external {@code broker.url} is configured: persistent
 * journal under the data directory, one TCP acceptor where outside consumers connect with the protocols given (core
 * for JMS, AMQP 1.0, STOMP, MQTT: Artemis's own protocol modules, so a helpdesk needs no JMS client), duplicate
 * detection with a persisted id cache, and a dead-letter address for messages that fail too often. With a
 * {@link BrokerLogin} it accepts that user only; without one, anyone who reaches the acceptor.
 */
public final class EmbeddedBroker extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final int GROUP_BUCKETS = 1024;
    /** The protocols the acceptor can speak; the connector itself always needs core. */
    public static final Set<String> PROTOCOLS = Set.of("CORE", "AMQP", "STOMP", "MQTT");
    private static final String ROLE = "helpdesk";

    private final Path dataDirectory;
    private final String host;
    private int port;
    private final List<String> protocols;
    private final BrokerSettings settings;
    private final BrokerLogin login;
    private EmbeddedActiveMQ server;

    /** {@code login} null: no login required (loopback only, see the configuration's check). */
    public EmbeddedBroker(Path dataDirectory, String host, int port, List<String> protocols, BrokerSettings settings,
            BrokerLogin login) {
        this.dataDirectory = dataDirectory;
        this.host = host;
        this.port = port;
        this.protocols = List.copyOf(protocols);
        this.settings = settings;
        this.login = login;
    }

    /** The URL clients use to reach this broker (with port 0 configured: the port it bound at its first start). */
    public String url() {
        return "tcp://" + host + ":" + port;
    }

    @Override
    protected void doStart() throws Exception {
        Configuration config = new ConfigurationImpl()
                .setName("twitter-helpdesk")
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dataDirectory.resolve("journal").toString())
                .setBindingsDirectory(dataDirectory.resolve("bindings").toString())
                .setLargeMessagesDirectory(dataDirectory.resolve("large-messages").toString())
                .setPagingDirectory(dataDirectory.resolve("paging").toString())
                .setNodeManagerLockDirectory(dataDirectory.toString())
                .setSecurityEnabled(login != null)
                .setIDCacheSize(settings.duplicateIdCacheSize())
                .setPersistIDCache(true)
                .setJMXManagementEnabled(false)
                // an AMQP consumer's "rejected" outcome counts as a failed delivery, as a JMS rollback does: the
                // message comes back (after the redelivery delay) until max-delivery-attempts, then goes to the
                // dead-letter address, instead of Artemis's default of dead-lettering it at once
                .addAcceptorConfiguration("tcp", "tcp://" + host + ":" + port + "?protocols=" + String.join(",", protocols)
                        + ";amqpTreatRejectAsUnmodifiedDeliveryFailed=true");
        config.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(settings.deadLetterAddress()))
                .setAutoCreateDeadLetterResources(true)
                .setExpiryAddress(SimpleString.of(settings.expiryAddress()))
                .setAutoCreateExpiryResources(true)
                .setMaxDeliveryAttempts(settings.maxDeliveryAttempts())
                .setRedeliveryDelay(settings.redeliveryDelayMillis())
                .setRedeliveryMultiplier(settings.redeliveryMultiplier())
                .setMaxRedeliveryDelay(settings.maxRedeliveryDelayMillis())
                // every conversation is a message group (JMSXGroupID, inbound and replies): hashed into a fixed
                // number of buckets, the broker's group map stays bounded however many conversations there are,
                // and each conversation still goes to one consumer at a time, in order
                .setDefaultGroupBuckets(GROUP_BUCKETS)
                // an address made on first use is a queue (anycast), whoever comes first: an AMQP, STOMP or MQTT
                // client attaching to twitter.inbound before the connector's first send would otherwise make it
                // multicast (Artemis's default), and the connector's queue sends would be refused
                .setDefaultAddressRoutingType(RoutingType.ANYCAST)
                .setDefaultQueueRoutingType(RoutingType.ANYCAST));
        server = new EmbeddedActiveMQ();
        if (login != null) {
            SecurityConfiguration users = new SecurityConfiguration();
            users.addUser(login.user(), login.password());
            users.addRole(login.user(), ROLE);
            server.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
            config.putSecurityRoles("#", Set.of(new Role(ROLE, true, true, true, true, true, true, true, true, true, true,
                    true, true)));
        }
        server.setConfiguration(config);
        server.start();
        if (port == 0) {
            port = ((NettyAcceptor) server.getActiveMQServer().getRemotingService().getAcceptor("tcp")).getActualPort();
        }
        LOG.info("Embedded Artemis broker listening on {} for {} ({}; journal {})", url(), String.join(", ", protocols),
                login == null ? "no login" : "login required", dataDirectory.toAbsolutePath());
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
            LOG.info("Embedded Artemis broker stopped");
        }
    }
}
