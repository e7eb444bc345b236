package io.twitterhelpdesk.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.twitterhelpdesk.envelope.Envelope;
import io.twitterhelpdesk.envelope.Envelope.AccountRef;
import io.twitterhelpdesk.envelope.Envelope.CustomerRef;
import io.twitterhelpdesk.envelope.EnvelopeJson;
import io.twitterhelpdesk.inbound.PolledMessage;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockComponent;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The YAML of the inbound pipeline alone: the Kamelet {@code twitter-helpdesk-source} (route {@code inbound-message})
 * and the route {@code deliver-envelope} of routes/inbound-pipeline.camel.yaml that starts from it, in a
 * bare Camel context (no connector, no broker). The component {@code jms} is a mock: the test sees what the JMS
 * producer would send; camel-jms sends a {@code toD} to one endpoint and names the queue in
 * {@code CamelJmsDestinationName} (its SendDynamicAware), so that header is the queue. The Kamelet's Java steps are
 * replaced by {@link RecordingSteps}, which makes a fixed envelope and keeps delivered ids in memory.
 */
class InboundPipelineRoutesTest {

    private static final String DESTINATION = "CamelJmsDestinationName";

    private final ModelCamelContext context = new DefaultCamelContext();
    private final RecordingSteps steps = new RecordingSteps();
    private ProducerTemplate producer;

    @BeforeEach
    void start() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("inbound.queue", "helpdesk.inbox.${header.Inbox}");
        context.getPropertiesComponent().setInitialProperties(properties);
        for (String file : List.of("routes/error-handling.camel.yaml", "routes/inbound-pipeline.camel.yaml")) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveMandatoryResource(context, "file:" + file));
        }
        context.addComponent("jms", new MockComponent());
        context.getRegistry().bind("inboundSteps", steps);
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

    private static PolledMessage dm(long id, String dropReason) {
        return new PolledMessage("acme_support", PolledMessage.DM, id, dropReason, null, null, null, null,
                PolledMessage.POLL);
    }

    @Test
    void theEnvelopeGoesToItsInboxQueueAsJsonWithItsRoutingPropertiesAndTheBrokersDuplicateIdOnly() {
        steps.inbox = "support";
        producer.sendBodyAndHeaders("direct:inbound-message", dm(5001, null), Map.of("TwitterAccount", "acme_support",
                "CamelHttpMethod", "POST"));

        assertThat(sentToJms()).singleElement().satisfies(message -> {
            assertThat(EnvelopeJson.fromJson(message.getBody(String.class))).isEqualTo(steps.made.get(0));
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
        assertThat(steps.calls).containsExactly("received dm:5001", "lock dm:5001", "envelope dm:5001",
                "record dm:5001", "delivered dm:5001", "unlock dm:5001", "handled dm:5001");
    }

    @Test
    void eachInboxGetsItsOwnQueue() {
        steps.inbox = "support";
        producer.sendBody("direct:inbound-message", dm(5001, null));
        steps.inbox = "sales";
        producer.sendBody("direct:inbound-message", dm(5002, null));

        assertThat(sentToJms()).extracting(m -> m.getHeader(DESTINATION), m -> m.getHeader("_AMQ_DUPL_ID"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("helpdesk.inbox.support", "dm:5001"),
                        org.assertj.core.groups.Tuple.tuple("helpdesk.inbox.sales", "dm:5002"));
    }

    @Test
    void anEchoAndAMessageDeliveredBeforeAreNotSent() {
        producer.sendBody("direct:inbound-message", dm(5001, null));
        producer.sendBody("direct:inbound-message", dm(5001, null));
        producer.sendBody("direct:inbound-message", dm(5002, PolledMessage.ECHO));

        assertThat(sentToJms()).extracting(m -> m.getHeader("_AMQ_DUPL_ID")).containsExactly("dm:5001");
        assertThat(steps.calls).contains("duplicate dm:5001", "dropped dm:5002").doesNotContain("lock dm:5002");
    }

    @Test
    void aMessageWhoseDeliveryFailedIsNotRecordedAndIsSentAgain() throws Exception {
        MockEndpoint queue = context.getEndpoint("jms:queue:helpdesk.inbox.${header.Inbox}", MockEndpoint.class);
        queue.whenExchangeReceived(1, e -> {
            throw new IllegalStateException("broker down");
        });

        assertThatThrownBy(() -> producer.sendBody("direct:inbound-message", dm(5001, null)))
                .hasRootCauseMessage("broker down");
        assertThat(steps.delivered.contains("dm:5001")).isFalse();
        assertThat(steps.calls).containsExactly("received dm:5001", "lock dm:5001", "envelope dm:5001",
                "record dm:5001", "unlock dm:5001");

        producer.sendBody("direct:inbound-message", dm(5001, null));
        assertThat(steps.delivered.contains("dm:5001")).isTrue();
        assertThat(queue.getExchanges()).hasSize(2);
    }

    @Test
    void aMessageWhoseFailureAnErrorHandlerHandledIsNotRecordedEither() throws Exception {
        // as the webhook's route does: it answers 503 for a failed delivery, so its exchange completes "handled"
        context.addRoutes(new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                from("direct:pushed").onException(Exception.class).handled(true).setBody(constant("503")).end()
                        .split(body()).stopOnException().to("direct:inbound-message");
            }
        });
        MockEndpoint queue = context.getEndpoint("jms:queue:helpdesk.inbox.${header.Inbox}", MockEndpoint.class);
        queue.whenExchangeReceived(1, e -> {
            throw new IllegalStateException("broker down");
        });

        assertThat(producer.requestBody("direct:pushed", List.of(dm(5001, null)), String.class)).isEqualTo("503");
        assertThat(steps.delivered.contains("dm:5001")).isFalse();

        producer.requestBody("direct:pushed", List.of(dm(5001, null)), String.class);
        assertThat(steps.delivered.contains("dm:5001")).isTrue();
        assertThat(queue.getExchanges()).hasSize(2);
    }

    /**
     * The methods the Kamelet calls on its steps bean ({@link InboundSteps} in the connector), by name as Camel's bean
     * binding finds them, recording each call; the delivered ids in memory.
     */
    public static final class RecordingSteps implements InboundSteps {

        final List<String> calls = new ArrayList<>();
        final List<Envelope> made = new ArrayList<>();
        final IdempotentRepository delivered = new MemoryIdempotentRepository();
        String inbox = "support";

        @Override
        public void received(PolledMessage message) {
            calls.add("received " + message.envelopeId());
        }

        @Override
        public void dropped(PolledMessage message) {
            calls.add("dropped " + message.envelopeId());
        }

        @Override
        public void duplicate(PolledMessage message) {
            calls.add("duplicate " + message.envelopeId());
        }

        @Override
        public void delivered(PolledMessage message) {
            calls.add("delivered " + message.envelopeId());
        }

        @Override
        public void handled(PolledMessage message) {
            calls.add("handled " + message.envelopeId());
        }

        @Override
        public void lock(PolledMessage message) {
            calls.add("lock " + message.envelopeId());
        }

        @Override
        public void unlock(PolledMessage message) {
            calls.add("unlock " + message.envelopeId());
        }

        @Override
        public Envelope envelope(PolledMessage message) {
            calls.add("envelope " + message.envelopeId());
            Envelope envelope = new Envelope(Envelope.SCHEMA, message.envelopeId(), Envelope.KIND_DIRECT_MESSAGE,
                    List.of(Envelope.TAG_DIRECT), new AccountRef("42", "acme_support"), inbox,
                    new CustomerRef("1001", "alice", "Alice"), "dm:42:1001", "c-7", true, "my parcel is late",
                    List.of(), null, null, Instant.parse("2026-12-06T10:00:00Z"),
                    Instant.parse("2026-12-06T10:00:01Z"), Envelope.SOURCE_POLL);
            made.add(envelope);
            return envelope;
        }

        @Override
        public void record(Envelope envelope, PolledMessage message) {
            calls.add("record " + message.envelopeId());
        }

        @Override
        public boolean add(String key) {
            return delivered.add(key);
        }

        @Override
        public boolean contains(String key) {
            return delivered.contains(key);
        }

        @Override
        public boolean remove(String key) {
            return delivered.remove(key);
        }

        @Override
        public boolean confirm(String key) {
            return delivered.confirm(key);
        }

        @Override
        public void clear() {
            delivered.clear();
        }

        @Override
        public void start() {
            delivered.start();
        }

        @Override
        public void stop() {
            delivered.stop();
        }
    }
}
