package io.twitterhelpdesk.inbound;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.twitterhelpdesk.broker.BrokerSettings;
import io.twitterhelpdesk.broker.EmbeddedBroker;
import io.twitterhelpdesk.state.DeliveredIds;
import io.twitterhelpdesk.state.GroupCommit;
import io.twitterhelpdesk.state.StateDatabase;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The intake queue's batch consumer against a real broker: a batch is one transaction with the envelopes its route
 * sends and its state changes (one commit of the state database), a batch that fails is processed again one intake
 * message at a time, and only the intake message that keeps failing reaches the dead-letter address.
 */
class IntakeBatchesTest {

    private static final int MAX_DELIVERY_ATTEMPTS = 3;

    @TempDir
    Path dir;

    private EmbeddedBroker broker;
    private JmsPoolConnectionFactory pool;
    private ActiveMQConnectionFactory buffered;
    private StateDatabase state;
    private DeliveredIds delivered;
    private CamelContext camel;
    /** How often the route was handed each intake message's message. */
    private final Map<String, AtomicInteger> handed = new ConcurrentHashMap<>();
    /** Messages whose route fails after their envelope was sent, once. */
    private final Map<String, AtomicInteger> failAfterSend = new ConcurrentHashMap<>();

    @BeforeEach
    void broker() throws Exception {
        broker = new EmbeddedBroker(dir.resolve("artemis"), "127.0.0.1", 0, List.of("CORE"),
                new BrokerSettings("DLA", "ExpiryQueue", MAX_DELIVERY_ATTEMPTS, 50, 1.0, 50, 1000), null);
        broker.start();
        ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory(broker.url());
        artemis.setConsumerWindowSize(0);
        artemis.setDeserializationAllowList("java.util,java.lang");
        pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(artemis);
        // the consumers' own, with Artemis's default window, as the connector's
        buffered = new ActiveMQConnectionFactory(broker.url());
        buffered.setDeserializationAllowList("java.util,java.lang");
        state = new StateDatabase("jdbc:h2:" + dir.resolve("state"), "sa", "");
        state.start();
        delivered = new DeliveredIds(state.dataSource(), "intake-test");
        delivered.start();
        try (java.sql.Connection c = state.dataSource().getConnection()) {
            c.createStatement().execute("CREATE TABLE written (text VARCHAR(100))");
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (camel != null) {
            camel.stop();
        }
        pool.stop();
        buffered.close();
        broker.stop();
        delivered.stop();
        state.stop();
    }

    @Test
    void aBatchIsOneTransactionWithItsEnvelopesAndAFailedBatchIsProcessedAgainOneAtATime() throws Exception {
        failAfterSend.put("b3", new AtomicInteger());
        intake(List.of("b1"), List.of("b2"), List.of("b3"), List.of("b4"));

        start(10);

        List<String> envelopes = receive("out", 4);
        assertThat(envelopes).as("each envelope once: the rolled-back batch's sends went with it")
                .containsExactlyInAnyOrder("b1", "b2", "b3", "b4");
        assertThat(drain("out")).isEmpty();
        // b1 and b2 were in b3's batch: rolled back with it, handed again; b4 came after the failure
        assertThat(handed.get("b1")).hasValue(2);
        assertThat(handed.get("b2")).hasValue(2);
        assertThat(handed.get("b3")).hasValue(2);
        assertThat(handed.get("b4")).hasValue(1);
        assertThat(drain("DLA::DLQ.intake")).isEmpty();
    }

    @Test
    void onlyTheIntakeMessageThatKeepsFailingReachesTheDeadLetterAddress() throws Exception {
        intake(List.of("g1", "g2"), List.of("poison"), List.of("g3"), List.of("g4"));

        start(10);

        List<String> envelopes = receive("out", 4);
        assertThat(envelopes).containsExactlyInAnyOrder("g1", "g2", "g3", "g4");
        List<String> dead = receive("DLA::DLQ.intake", 1);
        assertThat(dead).containsExactly("[poison]");
        assertThat(handed.get("poison")).hasValue(MAX_DELIVERY_ATTEMPTS);
        assertThat(drain("out")).isEmpty();
    }

    @Test
    void intakeMessagesWaitingTogetherAreOneBatch() throws Exception {
        List<List<String>> many = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            many.add(List.of("m" + i));
        }
        // the last one fails once after its send: the whole batch, the ones before it included, comes again
        failAfterSend.put("m29", new AtomicInteger());
        intake(many.toArray(List[]::new));

        start(100);

        assertThat(receive("out", 30)).hasSize(30).doesNotHaveDuplicates();
        assertThat(handed.get("m0")).as("rolled back with m29: one transaction").hasValue(2);
        assertThat(written()).as("the rolled-back batch's state changes went with it: each message's once")
                .hasSize(30).doesNotHaveDuplicates();
    }

    @Test
    void aBatchsStateChangesAreOneCommitOfTheStateDatabase() throws Exception {
        List<List<String>> many = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            many.add(List.of("s" + i));
        }
        intake(many.toArray(List[]::new));
        long commitsBefore = GroupCommit.on(state.dataSource()).commits();

        start(100);

        assertThat(receive("out", 20)).hasSize(20);
        assertThat(written()).hasSize(20);
        assertThat(GroupCommit.on(state.dataSource()).commits() - commitsBefore)
                .as("20 messages' state changes and delivered ids, one commit").isEqualTo(1);
    }

    @Test
    void aMessageInTwoIntakeMessagesOfOneBatchIsDeliveredOnce() throws Exception {
        // the webhook and a poll brought it at once: recorded by the first, not committed yet, the second finds it
        intake(List.of("d1"), List.of("d1", "d2"));

        start(10);

        assertThat(receive("out", 2)).containsExactlyInAnyOrder("d1", "d2");
        assertThat(drain("out")).isEmpty();
        assertThat(delivered.contains("d1")).isTrue();
    }

    @Test
    void aConversationStaysInOrderWhenItsFirstIntakeMessageIsHandedAgain() throws Exception {
        failAfterSend.put("o1", new AtomicInteger());
        intakeInGroup("one-conversation", List.of("o1"), List.of("o2"), List.of("o3"));

        // one intake message per batch: o1's rolls back alone while o2 and o3 wait behind it in its group
        start(1);

        assertThat(receive("out", 3)).containsExactly("o1", "o2", "o3");
    }

    @Test
    void whileTheRouteIsStoppedTheIntakeWaitsOnTheQueue() throws Exception {
        start(10);
        camel.getRouteController().stopRoute("intake-processing");
        // the consumer's pending wait for a message ends; it takes nothing more while the route is stopped
        Thread.sleep(1000);
        intake(List.of("w1"), List.of("w2"));

        assertThat(drain("out")).isEmpty();
        assertThat(drain("DLA::DLQ.intake")).isEmpty();
        assertThat(handed).isEmpty();

        camel.getRouteController().startRoute("intake-processing");
        assertThat(receive("out", 2)).containsExactlyInAnyOrder("w1", "w2");
        assertThat(handed.get("w1")).as("no attempt while the route was stopped").hasValue(1);
    }

    private void start(int maxBatch) throws Exception {
        camel = new DefaultCamelContext();
        camel.addComponent("jms", JmsComponent.jmsComponent(pool));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:intake-processing").routeId("intake-processing")
                        .setProperty(DeliveredIds.INTAKE_ID, header(IntakeWriter.INTAKE_ID))
                        .split(body()).stopOnException()
                        .process(e -> {
                            String text = e.getMessage().getBody(String.class);
                            handed.computeIfAbsent(text, t -> new AtomicInteger()).incrementAndGet();
                            if (text.equals("poison")) {
                                throw new IllegalStateException("cannot be processed");
                            }
                        })
                        // as the pipeline: a message delivered before is not sent again, a state change per message
                        .filter(e -> !delivered.contains(e, e.getMessage().getBody(String.class)))
                        .process(e -> GroupCommit.on(state.dataSource()).write(c -> SqlStatementsForTest.insert(c,
                                e.getMessage().getBody(String.class))))
                        .to("jms:queue:out")
                        .process(e -> delivered.add(e, e.getMessage().getBody(String.class)))
                        .process(e -> {
                            AtomicInteger once = failAfterSend.get(e.getMessage().getBody(String.class));
                            if (once != null && once.getAndIncrement() == 0) {
                                throw new IllegalStateException("fails after the send");
                            }
                        });
            }
        });
        IntakeBatches batches = new IntakeBatches(buffered, pool, GroupCommit.on(state.dataSource()), "intake", 1, maxBatch,
                "intake-processing");
        camel.addStartupListener(batches);
        camel.addLifecycleStrategy(batches);
        camel.start();
    }

    /** Intake messages of one conversation (message group), in one transaction. */
    @SafeVarargs
    private void intakeInGroup(String group, List<String>... messages) throws Exception {
        send(n -> group, messages);
    }

    /** Intake messages as IntakeWriter writes them, each in its own group, all in one transaction. */
    @SafeVarargs
    private void intake(List<String>... messages) throws Exception {
        send(n -> "group-" + n, messages);
    }

    private void send(java.util.function.IntFunction<String> groupOfNth, List<String>[] messages) throws Exception {
        try (Connection connection = pool.createConnection();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer producer = session.createProducer(session.createQueue("intake"));
            for (int n = 0; n < messages.length; n++) {
                ObjectMessage message = session.createObjectMessage(new ArrayList<>(messages[n]));
                message.setStringProperty("JMSXGroupID", groupOfNth.apply(n));
                message.setStringProperty(IntakeWriter.INTAKE_ID, "intake-" + n);
                producer.send(message);
            }
            session.commit();
        }
    }

    private List<String> receive(String queue, int count) throws Exception {
        List<String> got = new ArrayList<>();
        try (Connection connection = pool.createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            connection.start();
            long until = System.currentTimeMillis() + 20_000;
            while (got.size() < count && System.currentTimeMillis() < until) {
                Message message = consumer.receive(200);
                if (message != null) {
                    got.add(text(message));
                }
            }
        }
        return got;
    }

    private List<String> drain(String queue) throws Exception {
        List<String> got = new ArrayList<>();
        try (Connection connection = pool.createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            connection.start();
            for (Message message = consumer.receive(500); message != null; message = consumer.receive(500)) {
                got.add(text(message));
            }
        }
        return got;
    }

    private List<String> written() throws Exception {
        List<String> texts = new ArrayList<>();
        try (java.sql.Connection c = state.dataSource().getConnection();
                java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT text FROM written")) {
            while (rs.next()) {
                texts.add(rs.getString(1));
            }
        }
        return texts;
    }

    /** One state change of a message, as the pipeline's (a row of table written). */
    private static final class SqlStatementsForTest {
        static Void insert(java.sql.Connection c, String text) throws java.sql.SQLException {
            try (java.sql.PreparedStatement insert = c.prepareStatement("INSERT INTO written (text) VALUES (?)")) {
                insert.setString(1, text);
                insert.executeUpdate();
            }
            return null;
        }
    }

    private static String text(Message message) throws Exception {
        return message instanceof TextMessage text ? text.getText()
                : String.valueOf(((ObjectMessage) message).getObject());
    }
}
