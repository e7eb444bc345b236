package io.twitterhelpdesk.e2e.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** A plain JMS consumer, as a helpdesk would run one: reads text messages and their properties from a queue. */
public final class QueueReader implements AutoCloseable {

    public record Received(String body, Map<String, Object> properties) {
    }

    private final ActiveMQConnectionFactory factory;
    private final Connection connection;
    private final Session session;

    public QueueReader(String brokerUrl, String user, String password) throws JMSException {
        factory = new ActiveMQConnectionFactory(brokerUrl, user, password);
        connection = factory.createConnection();
        connection.start();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    public QueueReader(String brokerUrl) throws JMSException {
        this(brokerUrl, null, null);
    }

    /** Receives until {@code count} messages came or {@code timeout} passed; returns what came. */
    public List<Received> receive(String queue, int count, Duration timeout) throws JMSException {
        List<Received> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            while (out.size() < count) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    break;
                }
                Message m = consumer.receive(left);
                if (m != null) {
                    out.add(toReceived(m));
                }
            }
        }
        return out;
    }

    /** Sends a text message, as a helpdesk putting a request on a queue would. */
    public void send(String queue, String text) throws JMSException {
        try (var producer = session.createProducer(session.createQueue(queue))) {
            producer.send(session.createTextMessage(text));
        }
    }

    /** Sends text messages in one transaction: they are on the queue all at once, a backlog for its consumers. */
    public void sendAll(String queue, List<String> texts) throws JMSException {
        try (Session transacted = connection.createSession(true, Session.SESSION_TRANSACTED);
                var producer = transacted.createProducer(transacted.createQueue(queue))) {
            for (String text : texts) {
                producer.send(transacted.createTextMessage(text));
            }
            transacted.commit();
        }
    }

    /** Whatever else is on the queue within a short quiet period (to prove nothing more arrives). */
    public List<Received> drain(String queue, Duration quiet) throws JMSException {
        List<Received> out = new ArrayList<>();
        try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            Message m;
            while ((m = consumer.receive(quiet.toMillis())) != null) {
                out.add(toReceived(m));
            }
        }
        return out;
    }

    /** The messages on the queue now, browsed (left where they are). */
    public List<Received> browse(String queue) throws JMSException {
        List<Received> out = new ArrayList<>();
        try (QueueBrowser browser = session.createBrowser(session.createQueue(queue))) {
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                out.add(toReceived((Message) messages.nextElement()));
            }
        }
        return out;
    }

    private static Received toReceived(Message m) throws JMSException {
        Map<String, Object> props = new LinkedHashMap<>();
        Enumeration<?> names = m.getPropertyNames();
        while (names.hasMoreElements()) {
            String name = (String) names.nextElement();
            props.put(name, m.getObjectProperty(name));
        }
        if (m.getStringProperty("JMSXGroupID") != null) {
            props.put("JMSXGroupID", m.getStringProperty("JMSXGroupID"));
        }
        if (m instanceof BytesMessage bytes) {
            // e.g. sent by STOMP with a content-length header, or by AMQP as a data section
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            return new Received(new String(body, StandardCharsets.UTF_8), props);
        }
        return new Received(((TextMessage) m).getText(), props);
    }

    @Override
    public void close() throws JMSException {
        connection.close();
        factory.close();
    }
}
