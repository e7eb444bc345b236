package io.twitterhelpdesk.pipeline;

import io.twitterhelpdesk.envelope.Envelope;
import io.twitterhelpdesk.inbound.CustomerActivity;
import io.twitterhelpdesk.inbound.InboundEnvelopes;
import io.twitterhelpdesk.inbound.InboundLocks;
import io.twitterhelpdesk.inbound.PollCursors;
import io.twitterhelpdesk.inbound.PolledMessage;
import io.twitterhelpdesk.media.MediaLinks;
import io.twitterhelpdesk.metrics.ConnectorMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.support.service.ServiceSupport;
import twitter4j.TwitterException;

/**
 * The {@link InboundSteps} of the connector's accounts on one state database: the connector's counters (none where
 * there are none), a lock per message id, the envelope mapping with its media links (none where no media endpoint
 * serves DM files), the customer's activity, the poll cursors, and the delivered ids (camel-sql's JDBC repository).
 */
public final class ConnectorInboundSteps extends ServiceSupport implements InboundSteps {

    private final InboundEnvelopes envelopes;
    private final MediaLinks mediaLinks;
    private final CustomerActivity customerActivity;
    private final PollCursors cursors;
    private final JdbcMessageIdRepository delivered;
    private final InboundLocks locks;
    private final ConnectorMetrics metrics;

    /**
     * @param mediaLinks the connector's media links for DM files, or null where no media endpoint serves them (X's
     *                   links stay)
     * @param metrics    the connector's counters, or null where nothing is counted
     */
    public ConnectorInboundSteps(InboundEnvelopes envelopes, MediaLinks mediaLinks, CustomerActivity customerActivity,
            PollCursors cursors, JdbcMessageIdRepository delivered, InboundLocks locks, ConnectorMetrics metrics) {
        this.envelopes = envelopes;
        this.mediaLinks = mediaLinks;
        this.customerActivity = customerActivity;
        this.cursors = cursors;
        this.delivered = delivered;
        this.locks = locks;
        this.metrics = metrics;
    }

    @Override
    public void received(PolledMessage message) {
        count(message, ConnectorMetrics::received);
    }

    /** An echo of the account's own message, or a message whose sender is gone: not delivered. */
    @Override
    public void dropped(PolledMessage message) {
        count(message, ConnectorMetrics::dropped);
    }

    /** Delivered before (the delivered ids): not delivered again. */
    @Override
    public void duplicate(PolledMessage message) {
        count(message, ConnectorMetrics::duplicate);
    }

    @Override
    public void delivered(PolledMessage message) {
        count(message, ConnectorMetrics::delivered);
    }

    private void count(PolledMessage message, java.util.function.BiConsumer<ConnectorMetrics, PolledMessage> counter) {
        if (metrics != null) {
            counter.accept(metrics, message);
        }
    }

    /** Waits while another exchange delivers the same message (the poller and the webhook may bring it together). */
    @Override
    public void lock(PolledMessage message) throws InterruptedException {
        locks.lock(message.envelopeId());
    }

    @Override
    public void unlock(PolledMessage message) {
        locks.unlock(message.envelopeId());
    }

    /**
     * The message's v1 envelope, in the key's current conversation or a new one, DM files linked to the connector's
     * media endpoint (mentions keep X's public links).
     */
    @Override
    public Envelope envelope(PolledMessage message) throws TwitterException {
        Envelope envelope = envelopes.toEnvelope(message);
        return mediaLinks == null ? envelope : mediaLinks.linked(envelope);
    }

    /** Records that the customer wrote, for the reply rules (recording twice changes nothing). */
    @Override
    public void record(Envelope envelope, PolledMessage message) {
        customerActivity.record(envelope, message);
    }

    /** Moves the poll cursor past a message delivered, dropped or found a duplicate (polled messages only). */
    @Override
    public void handled(PolledMessage message) {
        cursors.handled(message);
    }

    // the delivered ids, as the Kamelet's idempotent repository

    @Override
    public boolean add(String key) {
        return delivered.add(key);
    }

    @Override
    public boolean contains(String key) {
        return delivered.contains(key);
    }

    /** With the exchange: a message from the intake queue is not a duplicate of its own intake message's record. */
    @Override
    public boolean add(Exchange exchange, String key) {
        return delivered.add(exchange, key);
    }

    @Override
    public boolean contains(Exchange exchange, String key) {
        return delivered.contains(exchange, key);
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
    protected void doStart() {
        delivered.start();
    }

    @Override
    protected void doStop() {
        delivered.stop();
    }
}
