package io.twitterhelpdesk.inbound;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.twitterhelpdesk.envelope.Envelope;
import io.twitterhelpdesk.envelope.Envelope.AccountRef;
import io.twitterhelpdesk.envelope.Envelope.CustomerRef;
import io.twitterhelpdesk.envelope.EnvelopeJson;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockComponent;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The YAML route {@code deliver-envelope} of routes/inbound-pipeline.camel.yaml alone, in a bare Camel context (no
 * connector, no broker; its neighbour {@code inbound-message} needs the connector's beans and is left out), with the
 * component {@code jms} replaced by a mock: the test sees what the JMS producer would send. camel-jms sends a
 * {@code toD} to one endpoint and names the queue in {@code CamelJmsDestinationName} (its SendDynamicAware), so that
 * header is the queue. (AdviceWith's {@code mockEndpointsAndSkip("jms:*")} was tried first: it mocks that endpoint
 * under the unevaluated URI, which says nothing about the queue.)
 */
class DeliverEnvelopeRouteTest {

    private static final String DESTINATION = "CamelJmsDestinationName";

    private final ModelCamelContext context = new DefaultCamelContext();
    private ProducerTemplate producer;

    @BeforeEach
    void start() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("inbound.queue", "helpdesk.inbox.${header.Inbox}");
        context.getPropertiesComponent().setInitialProperties(properties);
        for (String file : List.of("routes/error-handling.camel.yaml", "routes/inbound-pipeline.camel.yaml")) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveMandatoryResource(context, "file:" + file));
        }
        context.removeRouteDefinition(context.getRouteDefinition("inbound-message"));
        context.addComponent("jms", new MockComponent());
        context.start();
        producer = context.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    /** Every message handed to JMS, in order. */
    private List<Message> sentToJms() {
        return context.getEndpoints().stream().filter(MockEndpoint.class::isInstance).map(MockEndpoint.class::cast)
                .flatMap(m -> m.getExchanges().stream()).map(e -> e.getMessage()).toList();
    }

    private static Envelope dm(String id, String inbox) {
        return new Envelope(Envelope.SCHEMA, id, Envelope.KIND_DIRECT_MESSAGE, List.of(Envelope.TAG_DIRECT),
                new AccountRef("42", "acme_support"), inbox, new CustomerRef("1001", "alice", "Alice"),
                "dm:42:1001", "c-7", true, "my parcel is late", List.of(), null, null,
                Instant.parse("2026-12-06T10:00:00Z"), Instant.parse("2026-12-06T10:00:01Z"), Envelope.SOURCE_POLL);
    }

    @Test
    void theEnvelopeGoesToItsInboxQueueAsJsonWithItsRoutingPropertiesAndTheBrokersDuplicateIdOnly() {
        Envelope envelope = dm("dm:5001", "support");

        producer.sendBodyAndHeaders("direct:deliver-envelope", envelope, Map.of("TwitterAccount", "acme_support",
                "CamelHttpMethod", "POST"));

        assertThat(sentToJms()).singleElement().satisfies(message -> {
            assertThat(EnvelopeJson.fromJson(message.getBody(String.class))).isEqualTo(envelope);
            assertThat(message.getHeaders()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    DESTINATION, "helpdesk.inbox.support",
                    "TwitterKind", "direct_message",
                    "TwitterAccountId", "42",
                    "TwitterCustomerId", "1001",
                    "ConversationKey", "dm:42:1001",
                    "ConversationId", "c-7",
                    "Inbox", "support",
                    "_AMQ_DUPL_ID", "dm:5001",
                    "JMSXGroupID", "dm:42:1001"));
        });
    }

    @Test
    void eachInboxGetsItsOwnQueue() {
        producer.sendBody("direct:deliver-envelope", dm("dm:5001", "support"));
        producer.sendBody("direct:deliver-envelope", dm("dm:5002", "sales"));

        assertThat(sentToJms()).extracting(m -> m.getHeader(DESTINATION), m -> m.getHeader("_AMQ_DUPL_ID"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("helpdesk.inbox.support", "dm:5001"),
                        org.assertj.core.groups.Tuple.tuple("helpdesk.inbox.sales", "dm:5002"));
    }

    @Test
    void aResentEnvelopeCarriesTheSameDuplicateIdSoTheBrokerDropsIt() {
        producer.sendBody("direct:deliver-envelope", dm("dm:5001", "support"));
        producer.sendBody("direct:deliver-envelope", dm("dm:5001", "support"));

        assertThat(sentToJms()).extracting(m -> m.getHeader("_AMQ_DUPL_ID")).containsExactly("dm:5001", "dm:5001");
    }
}
