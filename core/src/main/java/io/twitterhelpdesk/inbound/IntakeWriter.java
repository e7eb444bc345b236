package io.twitterhelpdesk.inbound;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Session;

/**
 * The intake: what a source brought at once (a webhook body, an X Activity stream line, a poll's new messages) made
 * durable as one broker transaction on the intake queue, before the webhook answers 200, the stream reads on or the
 * poll cursor moves. One intake message per conversation (its message group, {@link PolledMessage#intakeGroup()}),
 * so the processing (route intake-processing) takes several conversations at once and each one's messages in order;
 * the messages themselves as Java objects (an {@link ObjectMessage} of a {@code List<PolledMessage>}: what the
 * source read, not read again), with {@value #SOURCE} and {@value #INTAKE_ID}, the intake message's own id
 * (state.DeliveredIds: what an intake message recorded is delivered again when the broker hands it again).
 * <p>
 * A plain JMS session, not a Camel producer: a route cannot send several messages in one broker transaction without a
 * transaction manager, and one commit (one journal write) serves the whole batch.
 */
public final class IntakeWriter {

    /** Header: where the intake message's messages came from (poll, webhook, stream). */
    public static final String SOURCE = "TwitterIntakeSource";
    /** Header: the intake message's own id (the broker's message id may change when a dead letter is sent back). */
    public static final String INTAKE_ID = "TwitterIntakeId";

    private final ConnectionFactory connections;
    private final String queue;

    public IntakeWriter(ConnectionFactory connections, String queue) {
        this.connections = connections;
        this.queue = queue;
    }

    /** Puts the messages on the intake queue, one intake message per conversation, in one broker transaction. */
    public void write(List<PolledMessage> messages, String source) throws JMSException {
        if (messages == null || messages.isEmpty()) {
            return;
        }
        Map<String, ArrayList<PolledMessage>> byConversation = new LinkedHashMap<>();
        for (PolledMessage message : messages) {
            byConversation.computeIfAbsent(message.intakeGroup(), g -> new ArrayList<>()).add(message);
        }
        try (Connection connection = connections.createConnection();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (Map.Entry<String, ArrayList<PolledMessage>> conversation : byConversation.entrySet()) {
                ObjectMessage intake = session.createObjectMessage(conversation.getValue());
                intake.setStringProperty("JMSXGroupID", conversation.getKey());
                intake.setStringProperty(SOURCE, source);
                intake.setStringProperty(INTAKE_ID, UUID.randomUUID().toString());
                producer.send(intake);
            }
            session.commit();
        }
    }
}
