package io.twitterhelpdesk.outbound;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twitterhelpdesk.conversation.ConversationKey;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/**
 * The reply intake: moves the reply requests a helpdesk put on the reply queue to the queue the senders consume,
 * each in its conversation's message group ({@code JMSXGroupID} = the request's {@code conversationKey}), so that
 * several senders take replies at once and one conversation's replies still go out in the order they were queued,
 * whether or not the helpdesk set the group itself.
 * <p>
 * It reads only the {@code conversationKey}; everything else is checked by the sender, which also answers a request
 * that cannot be read with its {@code rejected} status: such a request goes on without a group. A request is moved
 * in one JMS transaction with the others of its batch (up to {@code maxBatch}, as many as are there): taken off the
 * reply queue and put on the senders' queue together, so none is lost or moved twice across a crash, and one journal
 * write serves the whole batch instead of one per request (one consumer moving one request per transaction waits for
 * one journal write each, which capped replies at the rate of the disk's syncs). One consumer, so requests leave in
 * the order they arrived. A batch that fails (the broker down) rolls back, and the broker delivers it again.
 * <p>
 * One route (reply-grouping, app/routes/replies.camel.yaml) calls it, one poll at a time, from the connector's
 * start. The consumer stays open while the connector runs, also while the queue is empty (so the reply queue always
 * has its consumer), and is closed after a failure, to be opened again by the next poll, and at the stop.
 */
public final class ReplyGrouping implements org.apache.camel.Service {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConnectionFactory connections;
    private final int maxBatch;
    private final long waitMillis;
    private Connection connection;
    private Session session;
    private MessageConsumer consumer;
    private MessageProducer producer;

    /**
     * @param maxBatch   the most requests moved in one transaction
     * @param waitMillis how long a call waits for the first request of its batch
     */
    public ReplyGrouping(ConnectionFactory connections, int maxBatch, long waitMillis) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, not " + maxBatch);
        }
        this.connections = connections;
        this.maxBatch = maxBatch;
        this.waitMillis = waitMillis;
    }

    /**
     * Moves the requests waiting on {@code from} (up to the batch size) to {@code to}, in one transaction.
     *
     * @return how many were moved; 0 when none came within the wait
     */
    public synchronized int forward(String from, String to) throws JMSException {
        try {
            open(from, to);
            Message first = consumer.receive(waitMillis);
            if (first == null) {
                // the consumer stays open while the connector runs: a queue without consumers may be removed by the
                // broker (auto-created, empty), and an MQTT client's next request published to the address then had
                // no queue to land in
                return 0;
            }
            int moved = 0;
            for (Message m = first; m != null; m = ++moved < maxBatch ? consumer.receiveNoWait() : null) {
                producer.send(grouped(m));
            }
            session.commit();
            return moved;
        } catch (JMSException | RuntimeException e) {
            release();
            throw e;
        }
    }

    /** The message group of a request: its conversation, or null when the request names none that can be read. */
    static String group(String request) {
        try {
            JsonNode key = JSON.readTree(request).path("conversationKey");
            return key.isTextual() ? ConversationKey.parse(key.asText()).toString() : null;
        } catch (Exception unreadable) {
            // the sender refuses it with its reason (rejected)
            return null;
        }
    }

    private TextMessage grouped(Message request) throws JMSException {
        String body = text(request);
        TextMessage message = session.createTextMessage(body);
        String group = body == null ? null : group(body);
        if (group != null) {
            message.setStringProperty("JMSXGroupID", group);
        }
        return message;
    }

    /**
     * The request as text: a JMS text message, or UTF-8 bytes (as an AMQP or STOMP client may send it); null when
     * the message has no body that can be read (the sender rejects it).
     */
    public static String text(Message request) throws JMSException {
        if (request instanceof TextMessage text) {
            return text.getText();
        }
        if (request instanceof BytesMessage bytes) {
            byte[] data = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(data);
            return new String(data, StandardCharsets.UTF_8);
        }
        try {
            Object body = request.getBody(Object.class);
            return body == null ? null : body.toString();
        } catch (JMSException unreadable) {
            // e.g. an object message of a class the connector does not have: empty, the sender rejects it
            return null;
        }
    }

    private void open(String from, String to) throws JMSException {
        if (consumer == null) {
            connection = connections.createConnection();
            connection.start();
            session = connection.createSession(true, Session.SESSION_TRANSACTED);
            consumer = session.createConsumer(session.createQueue(from));
            producer = session.createProducer(session.createQueue(to));
        }
    }

    @Override
    public void start() {
        // opens on the first forward, which the route runs as the connector starts
    }

    /** Closes the consumer when the application stops. */
    @Override
    public void stop() {
        release();
    }

    /** Closes the consumer (requests not committed go back to the queue, in order). */
    private synchronized void release() {
        try {
            if (session != null) {
                session.rollback();
            }
        } catch (JMSException ignored) {
            // a broken session: the broker gives its messages back anyway
        }
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (JMSException ignored) {
            // closing a broken connection: the broker gives its messages back anyway
        } finally {
            connection = null;
            session = null;
            consumer = null;
            producer = null;
        }
    }
}
