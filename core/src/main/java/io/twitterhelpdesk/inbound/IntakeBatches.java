package io.twitterhelpdesk.inbound;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Session;
import jakarta.jms.TransactionRolledBackException;

import io.twitterhelpdesk.state.GroupCommit;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.apache.camel.StartupListener;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.JmsResourceHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The intake queue's consumers, in batches: each takes up to {@code maxBatch} intake messages (as many as are there)
 * on one transacted JMS session, hands each to the route that processes one intake message (route intake-processing,
 * routes/intake.camel.yaml) and commits once. The route's JMS sends (the envelopes) join that session: it is bound
 * to the thread for Spring's {@code JmsTemplate}, which Camel's JMS producer sends with, as Spring's own listener
 * container exposes its listener session ({@code ConnectionFactoryUtils.doGetTransactionalSession} finds it under
 * the connection factory, and the template leaves its commit to the session's owner). So the intake messages of a
 * batch are consumed and their envelopes are on the helpdesk queue together, or none of it: one journal write serves
 * the batch instead of one per intake message.
 * <p>
 * The batch's state changes (delivered ids, conversations, the customers' and channels' activity) are one
 * transaction of the state database too ({@link GroupCommit#begin}), committed just before the broker's: one
 * durable write of each serves the whole batch. A rollback of either leaves the intake messages on the queue.
 * <p>
 * A failure (the route's error, or an intake message that cannot be read) rolls the whole batch back, and the broker
 * hands its messages again after its redelivery delay. A message the broker hands again (JMSRedelivered) ends the
 * batch it is taken in, and one taken first is a batch of its own: so after a rollback the batch's messages are
 * processed one per transaction, the good ones commit, and only the one that keeps failing reaches
 * {@code broker.max-delivery-attempts} and the dead-letter address.
 * <p>
 * {@code consumers} consumers at once, each on its own session: the broker keeps a conversation (its message group)
 * on one consumer, in order. They start once the Camel context has started and stop as it begins to stop (before its
 * routes), each after the intake message it is processing, committing what its batch has done. While the route is
 * stopped or suspended (by an admin) they take nothing.
 */
public final class IntakeBatches extends LifecycleStrategySupport implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeBatches.class);
    /** How long a consumer waits for the first intake message of a batch; a stop waits at most this long for it. */
    private static final long WAIT_MILLIS = 500;
    /** The wait before a consumer opens its session again after the broker failed it. */
    private static final long REOPEN_MILLIS = 1000;
    private static final long STOP_MILLIS = 30_000;

    private final ConnectionFactory consumerConnections;
    private final ConnectionFactory connections;
    private final GroupCommit state;
    private final String queue;
    private final int consumers;
    private final int maxBatch;
    private final String routeId;
    private volatile boolean running;
    private volatile boolean brokerFailed;
    private CamelContext context;
    private ExecutorService threads;
    private ProducerTemplate template;
    private String processingUri;

    /**
     * @param consumerConnections where the consumers' connections come from (best with a consumer window: a batch
     *                      takes what its consumer has buffered)
     * @param connections   the connection factory Camel's JMS component sends with (the session is bound under it)
     * @param state         the state database's group commit: a batch's state changes are one transaction of it
     * @param consumers     how many consumers take batches at once
     * @param maxBatch      the most intake messages in one transaction
     * @param routeId     the route that processes one intake message (from its direct: endpoint)
     */
    public IntakeBatches(ConnectionFactory consumerConnections, ConnectionFactory connections, GroupCommit state,
            String queue, int consumers, int maxBatch, String routeId) {
        if (consumers < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("consumers and maxBatch must be at least 1, not " + consumers
                    + " and " + maxBatch);
        }
        this.consumerConnections = consumerConnections;
        this.connections = connections;
        this.state = state;
        this.queue = queue;
        this.consumers = consumers;
        this.maxBatch = maxBatch;
        this.routeId = routeId;
    }

    @Override
    public synchronized void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
        if (running) {
            return;
        }
        context = started;
        template = started.createProducerTemplate();
        processingUri = started.getRoute(routeId).getEndpoint().getEndpointUri();
        running = true;
        threads = started.getExecutorServiceManager().newFixedThreadPool(this, "IntakeBatches", consumers);
        for (int i = 0; i < consumers; i++) {
            threads.execute(this::consume);
        }
    }

    @Override
    public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
        // the consumers start once every route runs
    }

    /** The consumers stop before the routes do: each finishes its intake message and commits its batch. */
    @Override
    public synchronized void onContextStopping(CamelContext stopping) {
        if (!running) {
            return;
        }
        running = false;
        threads.shutdown();
        try {
            if (!threads.awaitTermination(STOP_MILLIS, TimeUnit.MILLISECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        context.getExecutorServiceManager().shutdownNow(threads);
        try {
            template.stop();
        } catch (Exception ignored) {
            // nothing left to send with it
        }
    }

    /** One consumer: batches until the stop; a broken session is opened again. */
    private void consume() {
        while (running) {
            try (Connection connection = consumerConnections.createConnection();
                    Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                    MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
                connection.start();
                if (brokerFailed) {
                    brokerFailed = false;
                    LOG.info("The intake queue {} is consumed again", queue);
                }
                while (running) {
                    if (routeRuns()) {
                        batch(session, consumer);
                    } else {
                        // the route stopped or suspended (by an admin): the intake waits on the queue, no attempt
                        // is used up
                        sleep(WAIT_MILLIS);
                    }
                }
            } catch (JMSException | RuntimeException e) {
                if (!running) {
                    return;
                }
                if (!brokerFailed) {
                    brokerFailed = true;
                    LOG.warn("The intake queue {} cannot be consumed now ({}); trying again every {} ms", queue,
                            e.getMessage(), REOPEN_MILLIS);
                }
                sleep(REOPEN_MILLIS);
            }
        }
    }

    /**
     * Takes one batch and processes it in one transaction.
     *
     * @return how many intake messages the batch committed; 0 when none came or it rolled back
     */
    int batch(Session session, MessageConsumer consumer) throws JMSException {
        Message first = consumer.receive(WAIT_MILLIS);
        if (first == null) {
            return 0;
        }
        GroupCommit.Batch stateBatch;
        try {
            stateBatch = state.begin();
        } catch (SQLException unreachable) {
            session.rollback();
            LOG.warn("Intake batch not processed (the state database: {}): rolled back, the broker hands it again "
                    + "after its redelivery delay", unreachable.getMessage());
            return 0;
        }
        try (stateBatch) {
            return processAndCommit(session, consumer, first, stateBatch);
        }
    }

    /** The batch from its first message on, its state in {@code stateBatch}; both committed, or both rolled back. */
    private int processAndCommit(Session session, MessageConsumer consumer, Message first,
            GroupCommit.Batch stateBatch) throws JMSException {
        List<String> taken = new ArrayList<>();
        TransactionSynchronizationManager.bindResource(connections, new JmsResourceHolder(session));
        try {
            boolean last = first.getJMSRedelivered();
            Message message = first;
            while (true) {
                taken.add(message.getStringProperty(IntakeWriter.INTAKE_ID));
                process(message);
                if (last || taken.size() >= maxBatch || !running) {
                    break;
                }
                message = consumer.receiveNoWait();
                if (message == null) {
                    break;
                }
                // one the broker hands again ends the batch: a batch with it fails at most once more with others
                last = message.getJMSRedelivered();
            }
        } catch (IntakeFailure failed) {
            // logged where it happened, once
            session.rollback();
            LOG.debug("Intake batch of {} rolled back ({}): the broker hands them again, each alone", taken.size(),
                    taken);
            return 0;
        } catch (RuntimeException failed) {
            session.rollback();
            LOG.warn("Intake batch of {} not processed ({}): rolled back, the broker hands them again, each alone",
                    taken.size(), failed.toString());
            return 0;
        } finally {
            TransactionSynchronizationManager.unbindResource(connections);
        }
        try {
            // the batch's state first: a crash before the broker's commit has the broker hand the intake messages
            // again, and their delivered ids, recorded with them, are delivered then (DeliveredIds)
            stateBatch.commit();
        } catch (SQLException | RuntimeException failed) {
            session.rollback();
            LOG.warn("Intake batch of {} not processed (its state could not be committed: {}): rolled back, the "
                    + "broker hands them again, each alone", taken.size(), failed.getMessage());
            return 0;
        }
        try {
            session.commit();
        } catch (TransactionRolledBackException refused) {
            // e.g. an envelope the broker's duplicate detection refused (the same message in two intake messages
            // at once, webhook and poll): handed again, each alone, the duplicate then finds its id delivered
            LOG.info("Intake batch of {} rolled back by the broker ({}): the broker hands them again, each alone",
                    taken.size(), refused.getMessage());
            session.rollback();
            return 0;
        }
        return taken.size();
    }

    private boolean routeRuns() {
        ServiceStatus status = context.getRouteController().getRouteStatus(routeId);
        return status != null && status.isStarted();
    }

    /** The intake message through route intake-processing, which sends its envelopes on the bound session. */
    private void process(Message message) throws JMSException {
        String intakeId = message.getStringProperty(IntakeWriter.INTAKE_ID);
        Object messages;
        try {
            messages = ((ObjectMessage) message).getObject();
        } catch (JMSException | RuntimeException unreadable) {
            LOG.warn("Intake message {} not processed (cannot be read: {}): rolled back, the broker hands it again "
                    + "after its redelivery delay", intakeId, unreadable.getMessage());
            throw new IntakeFailure();
        }
        Endpoint processing = context.getEndpoint(processingUri);
        Exchange exchange = template.send(processing, e -> {
            e.getMessage().setBody(messages);
            e.getMessage().setHeader(IntakeWriter.INTAKE_ID, intakeId);
            e.getMessage().setHeader(IntakeWriter.SOURCE, message.getStringProperty(IntakeWriter.SOURCE));
        });
        if (exchange.isFailed()) {
            // route intake-processing has logged it (route configuration intake-errors)
            throw new IntakeFailure();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An intake message of the batch failed: the batch rolls back. */
    private static final class IntakeFailure extends RuntimeException {
        IntakeFailure() {
            super(null, null, false, false);
        }
    }
}
