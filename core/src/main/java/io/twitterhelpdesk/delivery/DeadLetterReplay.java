package io.twitterhelpdesk.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a helpdesk's dead letters back to the queue it consumes, in one JMS transaction per message, so each is
 * delivered again (the dead-letter properties are dropped; the envelope and its routing properties are kept), in the
 * order they were parked. Each is marked {@code HelpdeskReplay=true}, so it is delivered although its conversation
 * still has a parked message; once all are back, those conversations flow again ({@link HelpdeskTickets#replayed}).
 */
public final class DeadLetterReplay {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplay.class);

    /** The property that lets a replayed message past its conversation's parked mark. */
    public static final String REPLAY_PROPERTY = "HelpdeskReplay";

    private final ConnectionFactory connections;
    private final HttpHelpdesks helpdesks;
    private final HelpdeskTickets tickets;
    private final Clock clock;

    public DeadLetterReplay(ConnectionFactory connections, HttpHelpdesks helpdesks, HelpdeskTickets tickets,
            Clock clock) {
        this.connections = connections;
        this.helpdesks = helpdesks;
        this.tickets = tickets;
        this.clock = clock;
    }

    /** {@code {"helpdesk","from","to","replayed"}}, or empty for an unknown helpdesk. */
    public Optional<Map<String, Object>> replay(String name) throws JMSException {
        Optional<HttpHelpdesk> found = helpdesks.find(name);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        HttpHelpdesk helpdesk = found.get();
        Instant began = clock.instant();
        int moved = 0;
        try (Connection connection = connections.createConnection()) {
            connection.start();
            try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
                Queue to = session.createQueue(helpdesk.queue());
                try (MessageConsumer consumer = session.createConsumer(session.createQueue(helpdesk.deadLetterQueue()));
                        MessageProducer producer = session.createProducer(to)) {
                    Message m;
                    while ((m = consumer.receive(200)) != null) {
                        producer.send(copy(session, (TextMessage) m));
                        session.commit();
                        moved++;
                    }
                }
            }
        }
        int released = tickets.replayed(name, began);
        LOG.info("Replayed {} dead letter(s) of helpdesk {} from {} to {} ({} conversation(s) flow again)", moved, name,
                helpdesk.deadLetterQueue(), helpdesk.queue(), released);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("helpdesk", name);
        result.put("from", helpdesk.deadLetterQueue());
        result.put("to", helpdesk.queue());
        result.put("replayed", moved);
        return Optional.of(result);
    }

    private static TextMessage copy(Session session, TextMessage dead) throws JMSException {
        TextMessage message = session.createTextMessage(dead.getText());
        Enumeration<?> names = dead.getPropertyNames();
        while (names.hasMoreElements()) {
            String property = (String) names.nextElement();
            if (!property.startsWith("DeadLetter") && !property.startsWith("Helpdesk") && !property.startsWith("_AMQ")
                    && !property.startsWith("JMSX") || property.equals("JMSXGroupID")) {
                message.setObjectProperty(property, dead.getObjectProperty(property));
            }
        }
        message.setStringProperty(REPLAY_PROPERTY, "true");
        return message;
    }
}
