package io.twitterhelpdesk.broker;

import java.nio.file.Path;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptor;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ActiveMQ Artemis broker the connector starts when no external {@code broker.url} is configured: persistent
 * journal under the data directory, a TCP acceptor so outside consumers can connect, duplicate detection with a
 * persisted id cache, and a dead-letter address for messages that fail too often.
 */
public final class EmbeddedBroker extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final int GROUP_BUCKETS = 1024;

    private final Path dataDirectory;
    private final String host;
    private int port;
    private final BrokerSettings settings;
    private EmbeddedActiveMQ server;

    public EmbeddedBroker(Path dataDirectory, String host, int port, BrokerSettings settings) {
        this.dataDirectory = dataDirectory;
        this.host = host;
        this.port = port;
        this.settings = settings;
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
                .setSecurityEnabled(false)
                .setIDCacheSize(settings.duplicateIdCacheSize())
                .setPersistIDCache(true)
                .setJMXManagementEnabled(false)
                .addAcceptorConfiguration("tcp", "tcp://" + host + ":" + port);
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
                .setDefaultGroupBuckets(GROUP_BUCKETS));
        server = new EmbeddedActiveMQ();
        server.setConfiguration(config);
        server.start();
        if (port == 0) {
            port = ((NettyAcceptor) server.getActiveMQServer().getRemotingService().getAcceptor("tcp")).getActualPort();
        }
        LOG.info("Embedded Artemis broker listening on {} (journal {})", url(), dataDirectory.toAbsolutePath());
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
