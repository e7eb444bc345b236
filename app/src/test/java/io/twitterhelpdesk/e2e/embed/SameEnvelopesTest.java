package io.twitterhelpdesk.e2e.embed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.EnvelopeSchemaCheck;
import io.twitterhelpdesk.e2e.support.EsbExample;
import io.twitterhelpdesk.e2e.support.QueueReader.Received;
import io.twitterhelpdesk.sandbox.AttachedFile;
import io.twitterhelpdesk.sandbox.DirectMessageRef;
import io.twitterhelpdesk.sandbox.TweetRef;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standalone connector and the source Kamelet in a plain Camel context (the ESB example's routes) read the same
 * sandbox account at once, each with its own state database, and emit the same envelopes: field by field, with the
 * same JMS properties. What differs by design is left out: the conversation id (each state database opens its own
 * conversation), the time the message was received, and a DM file's {@code url} (the connector links its own media
 * endpoint, where the Kamelet keeps X's link, as {@code twitterUrl} does in both).
 */
class SameEnvelopesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CONNECTOR_QUEUE = "twitter.inbound";
    private static final String KAMELET_QUEUE = "esb.inbound";

    @TempDir
    Path dir;
    private ConnectorHarness harness;
    private ActiveMQConnectionFactory connections;
    private CamelContext esb;

    @BeforeEach
    void start() throws Exception {
        harness = new ConnectorHarness(dir.resolve("connector")).start();
        connections = new ActiveMQConnectionFactory(harness.brokerUrl());
        esb = new DefaultCamelContext();
        Properties p = EsbExample.properties(harness.sandbox, "v1.1", dir.resolve("esb-state"), KAMELET_QUEUE,
                "esb.replies", "esb.reply.status");
        esb.getPropertiesComponent().setInitialProperties(p);
        esb.addComponent("jms", JmsComponent.jmsComponent(connections));
        EsbExample.loadRoutes(esb);
        esb.start();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (esb != null) {
                esb.stop();
            }
            if (connections != null) {
                connections.close();
            }
        } finally {
            harness.close();
        }
    }

    @Test
    void aDirectMessageWithAPhotoAndAMentionComeOutTheSameFromBoth() throws Exception {
        DirectMessageRef dm = harness.sandbox.injectDirectMessageWithFile("alice", "acme_support",
                "My parcel arrived broken https://example.com/orders/7",
                new AttachedFile("photo", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3}, "the box"));
        TweetRef mention = harness.sandbox.injectMention("bob", "@acme_support where is my order?", null, List.of());

        Map<String, Received> fromConnector = byId(harness.jms().receive(CONNECTOR_QUEUE, 2, WAIT));
        Map<String, Received> fromKamelet = byId(harness.jms().receive(KAMELET_QUEUE, 2, WAIT));

        assertThat(fromConnector).containsOnlyKeys("dm:" + dm.id(), "tweet:" + mention.id());
        assertThat(fromKamelet).containsOnlyKeys(fromConnector.keySet());
        for (String id : fromConnector.keySet()) {
            JsonNode connector = EnvelopeSchemaCheck.parse(fromConnector.get(id).body());
            JsonNode kamelet = EnvelopeSchemaCheck.parse(fromKamelet.get(id).body());
            assertThat(comparable(kamelet)).as(id).isEqualTo(comparable(connector));
            assertThat(routing(fromKamelet.get(id))).as(id).isEqualTo(routing(fromConnector.get(id)));
        }
        JsonNode connectorDm = EnvelopeSchemaCheck.parse(fromConnector.get("dm:" + dm.id()).body());
        assertThat(connectorDm.path("media")).hasSize(1);
        assertThat(connectorDm.path("media").get(0).path("url").asText()).startsWith(harness.apiBaseUrl());
    }

    private static Map<String, Received> byId(List<Received> envelopes) {
        return envelopes.stream().collect(Collectors.toMap(
                r -> EnvelopeSchemaCheck.parse(r.body()).path("id").asText(), Function.identity()));
    }

    /** The envelope without what differs by design. */
    private static JsonNode comparable(JsonNode envelope) {
        ObjectNode copy = envelope.deepCopy();
        copy.remove("conversationId");
        copy.remove("receivedAt");
        copy.withArray("media").forEach(m -> ((ObjectNode) m).remove("url"));
        return copy;
    }

    /** The envelope message's routing properties, without the conversation id. */
    private static Map<String, Object> routing(Received message) {
        Map<String, Object> out = new HashMap<>();
        for (String name : List.of("TwitterKind", "TwitterAccountId", "TwitterCustomerId", "ConversationKey", "Inbox",
                "_AMQ_DUPL_ID", "JMSXGroupID")) {
            out.put(name, message.properties().get(name));
        }
        assertThat(message.properties()).containsKey("ConversationId");
        return new TreeMap<>(out);
    }
}
