package io.twitterhelpdesk.inbound;

import java.time.Duration;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.ObjectMessage;

import io.twitterhelpdesk.routing.QueueBatches;
import io.twitterhelpdesk.state.GroupCommit;

/**
 * The intake queue's consumers, in batches ({@link QueueBatches}): each intake message (the messages a source read
 * at once, as {@link IntakeWriter} wrote them) through the route that processes one (route intake-processing,
 * routes/intake.camel.yaml), whose envelopes go in the batch's broker transaction.
 * <p>
 * The batch's state changes (delivered ids, conversations, the customers' and channels' activity) are one
 * transaction of the state database too ({@link GroupCommit#begin}), committed just before the broker's: one durable
 * write of each serves the whole batch. A rollback of either leaves the intake messages on the queue; their delivered
 * ids, recorded with the intake message's id, are delivered by the next attempt (DeliveredIds).
 */
public final class IntakeBatches extends QueueBatches {

    /**
     * @param consumerConnections where the consumers' connections come from (best with a consumer window: a batch
     *                            takes what its consumer has buffered)
     * @param connections         the connection factory Camel's JMS component sends with
     * @param state               the state database's group commit: a batch's state changes are one transaction of it
     * @param consumers           how many consumers take batches at once
     * @param maxBatch            the most intake messages in one transaction
     * @param routeId             the route that processes one intake message (from its direct: endpoint)
     */
    public IntakeBatches(ConnectionFactory consumerConnections, ConnectionFactory connections, GroupCommit state,
            String queue, int consumers, int maxBatch, String routeId) {
        super("Intake", consumerConnections, connections, queue, new Batching(consumers, maxBatch, Duration.ZERO),
                routeId, (message, exchange) -> {
                    exchange.setBody(((ObjectMessage) message).getObject());
                    exchange.setHeader(IntakeWriter.INTAKE_ID, message.getStringProperty(IntakeWriter.INTAKE_ID));
                    exchange.setHeader(IntakeWriter.SOURCE, message.getStringProperty(IntakeWriter.SOURCE));
                }, () -> {
                    GroupCommit.Batch batch = state.begin();
                    return new Work() {
                        @Override
                        public void commit() throws Exception {
                            batch.commit();
                        }

                        @Override
                        public void close() {
                            batch.close();
                        }
                    };
                });
    }
}
