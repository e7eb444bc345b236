package io.twitterhelpdesk.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TransactionRolledBackException;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.StartupListener;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.JmsResourceHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A queue's consumers, in batches: each takes up to {@code maxBatch} messages (as many as are there) on one
 * transacted JMS session, hands each to the route that processes one message (from its {@code direct:} endpoint) and
 * commits once. The route's JMS sends join that session: it is bound to the thread for Spring's {@code JmsTemplate},
 * which Camel's JMS producer sends with, as Spring's own listener container exposes its listener session
 * ({@code ConnectionFactoryUtils.doGetTransactionalSession} finds it under the connection factory, and the template
 * leaves its commit to the session's owner). So the messages of a batch are consumed and what the route sent for them
 * is on its queues together, or none of it: one journal write serves the batch instead of one per message.
 * <p>
 * A batch may have work of its own ({@link Work}, e.g. one transaction of the state database), committed just before
 * the broker's; a rollback of either leaves the messages on the queue.
 * <p>
 * A failure (the route's error, or a message that cannot be read) rolls the whole batch back, and the broker hands its
 * messages again after its redelivery delay. A message the broker hands again (JMSRedelivered) ends the batch it is
 * taken in, and one taken first is a batch of its own: so after a rollback the batch's messages are processed one per
 * transaction, the good ones commit, and only the one that keeps failing reaches {@code broker.max-delivery-attempts}
 * and the dead-letter address.
 * <p>
 * {@code consumers} consumers at once, each on its own session: the broker keeps a message group on one consumer, in
 * order. They start once the Camel context has started and stop as it begins to stop (before its routes), each after
 * the message it is processing, committing what its batch has done. While the route is stopped or suspended (by an
 * admin) they take nothing and their consumers are closed: as the route policy of the route (its {@code routePolicy})
 * they close a consumer waiting for a message at once, so the messages that come meanwhile wait on the queue, in
 * order, with no delivery attempt used; a batch under way ends after its message.
 */
public class QueueBatches extends LifecycleStrategySupport implements StartupListener, RunsWithItsRoute {

    /** What a batch does besides the broker's transaction: committed just before it, closed after the batch. */
    public interface Work extends AutoCloseable {

        void commit() throws Exception;

        @Override
        void close();
    }

    /** Begins a batch's {@link Work}; a failure to begin rolls the batch back before any message is processed. */
    @FunctionalInterface
    public interface WorkSource {

        Work begin() throws Exception;
    }

    /** A batch with no work besides the broker's transaction. */
    public static final WorkSource NO_WORK = () -> new Work() {
        @Override
        public void commit() {
            // nothing besides the broker's transaction
        }

        @Override
        public void close() {
            // nothing to close
        }
    };

    /** Puts a JMS message on the exchange for the route (its body, the headers the route needs). */
    @FunctionalInterface
    public interface Reader {

        void read(Message from, org.apache.camel.Message to) throws JMSException;
    }

    /**
     * How the queue is consumed: {@code consumers} at once, each batch at most {@code maxBatch} messages and, when
     * {@code maxTime} is not zero, taking no more messages once it has run that long (so that what the first messages'
     * route sent, e.g. their status events, does not wait long for the others).
     */
    public record Batching(int consumers, int maxBatch, Duration maxTime) {

        public Batching {
            if (consumers < 1 || maxBatch < 1) {
                throw new IllegalArgumentException("consumers and maxBatch must be at least 1, not " + consumers
                        + " and " + maxBatch);
            }
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(QueueBatches.class);
    /** How long a consumer waits for the first message of a batch (a stop of its route or the connector ends it). */
    private static final long WAIT_MILLIS = 500;
    /** The wait before a consumer opens its session again after the broker failed it. */
    private static final long REOPEN_MILLIS = 1000;
    private static final long STOP_MILLIS = 30_000;

    private final String name;
    private final ConnectionFactory consumerConnections;
    private final ConnectionFactory connections;
    private final String queue;
    private final Batching batching;
    private final String routeId;
    private final Reader reader;
    private final WorkSource work;
    private volatile boolean running;
    /** The route stopped or suspended (its route policy heard it). */
    private volatile boolean paused;
    /** The consumers waiting for the first message of a batch (closed at once when the route stops). */
    private final Set<MessageConsumer> waiting = new HashSet<>();
    private volatile boolean brokerFailed;
    private CamelContext context;
    private ExecutorService threads;
    private ProducerTemplate template;
    private String processingUri;

    /**
     * @param name                what the messages are, for the log ("Intake": "Intake batch of 3 rolled back")
     * @param consumerConnections where the consumers' connections come from (best with a consumer window: a batch
     *                            takes what its consumer has buffered)
     * @param connections         the connection factory Camel's JMS component sends with (the session is bound under
     *                            it)
     * @param routeId             the route that processes one message (from its direct: endpoint)
     * @param reader              the message on the route's exchange
     * @param work                a batch's work besides the broker's transaction, or {@link #NO_WORK}
     */
    public QueueBatches(String name, ConnectionFactory consumerConnections, ConnectionFactory connections,
            String queue, Batching batching, String routeId, Reader reader, WorkSource work) {
        this.name = name;
        this.consumerConnections = consumerConnections;
        this.connections = connections;
        this.queue = queue;
        this.batching = batching;
        this.routeId = routeId;
        this.reader = reader;
        this.work = work;
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
        threads = started.getExecutorServiceManager().newFixedThreadPool(this, name + "Batches", batching.consumers());
        for (int i = 0; i < batching.consumers(); i++) {
            threads.execute(this::consume);
        }
    }

    @Override
    public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
        // the consumers start once every route runs
    }

    /** The consumers stop before the routes do: each finishes its message and commits its batch. */
    @Override
    public synchronized void onContextStopping(CamelContext stopping) {
        if (!running) {
            return;
        }
        running = false;
        // a consumer waiting for a message stops now, not at the end of its wait
        closeWaiting();
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

    @Override
    public void routeRuns(Route route) {
        synchronized (waiting) {
            paused = false;
        }
    }

    /** The route stopped: a consumer waiting for a message is closed now, one in a batch after its message. */
    @Override
    public void routeStops() {
        synchronized (waiting) {
            paused = true;
            closeWaiting();
        }
    }

    /** Closes the consumers waiting for a message: their receive ends at once, with nothing received. */
    private void closeWaiting() {
        synchronized (waiting) {
            for (MessageConsumer consumer : waiting) {
                try {
                    consumer.close();
                } catch (JMSException | RuntimeException ignored) {
                    // closed or broken already: it receives nothing more either way
                }
            }
        }
    }

    private boolean startWaiting(MessageConsumer consumer) {
        synchronized (waiting) {
            if (paused || !running) {
                return false;
            }
            waiting.add(consumer);
            return true;
        }
    }

    private void stopWaiting(MessageConsumer consumer) {
        synchronized (waiting) {
            waiting.remove(consumer);
        }
    }

    private boolean takes() {
        return running && !paused && routeStarted();
    }

    /**
     * One consumer: batches until the stop; a broken session is opened again. While the route is stopped or suspended
     * (by an admin) the consumer is closed: what it had buffered goes back to the queue, in order, where it waits
     * (no attempt used up) and other instances' consumers can take it.
     */
    private void consume() {
        while (running) {
            if (!takes()) {
                sleep(WAIT_MILLIS);
                continue;
            }
            try (Connection connection = consumerConnections.createConnection();
                    Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                    MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
                connection.start();
                if (brokerFailed) {
                    brokerFailed = false;
                    LOG.info("Queue {} is consumed again", queue);
                }
                while (takes()) {
                    batch(session, consumer);
                }
            } catch (JMSException | RuntimeException e) {
                if (!running) {
                    return;
                }
                if (!brokerFailed) {
                    brokerFailed = true;
                    LOG.warn("Queue {} cannot be consumed now ({}); trying again every {} ms", queue,
                            e.getMessage(), REOPEN_MILLIS);
                }
                sleep(REOPEN_MILLIS);
            }
        }
    }

    /**
     * Takes one batch and processes it in one transaction.
     *
     * @return how many messages the batch committed; 0 when none came or it rolled back
     */
    private int batch(Session session, MessageConsumer consumer) throws JMSException {
        if (!startWaiting(consumer)) {
            return 0;
        }
        Message first;
        try {
            first = consumer.receive(WAIT_MILLIS);
        } catch (JMSException | RuntimeException closed) {
            if (paused || !running) {
                // closed by the route's or the connector's stop while it waited
                return 0;
            }
            throw closed;
        } finally {
            stopWaiting(consumer);
        }
        if (first == null) {
            return 0;
        }
        Work batchWork;
        try {
            batchWork = work.begin();
        } catch (Exception unreachable) {
            session.rollback();
            LOG.warn("{} batch not processed ({}): rolled back, the broker hands it again after its redelivery delay",
                    name, unreachable.getMessage());
            return 0;
        }
        try (batchWork) {
            return processAndCommit(session, consumer, first, batchWork);
        }
    }

    /** The batch from its first message on, its work in {@code batchWork}; both committed, or both rolled back. */
    private int processAndCommit(Session session, MessageConsumer consumer, Message first, Work batchWork)
            throws JMSException {
        List<String> taken = new ArrayList<>();
        long until = batching.maxTime().isZero() ? Long.MAX_VALUE : System.nanoTime() + batching.maxTime().toNanos();
        TransactionSynchronizationManager.bindResource(connections, new JmsResourceHolder(session));
        try {
            boolean last = first.getJMSRedelivered();
            Message message = first;
            while (true) {
                taken.add(message.getJMSMessageID());
                process(message);
                if (last || taken.size() >= batching.maxBatch() || !takes() || System.nanoTime() >= until) {
                    break;
                }
                message = consumer.receiveNoWait();
                if (message == null) {
                    break;
                }
                // one the broker hands again ends the batch: a batch with it fails at most once more with others
                last = message.getJMSRedelivered();
            }
        } catch (BatchFailure failed) {
            // logged where it happened, once
            session.rollback();
            LOG.debug("{} batch of {} rolled back ({}): the broker hands them again, each alone", name, taken.size(),
                    taken);
            return 0;
        } catch (RuntimeException failed) {
            session.rollback();
            LOG.warn("{} batch of {} not processed ({}): rolled back, the broker hands them again, each alone", name,
                    taken.size(), failed.toString());
            return 0;
        } finally {
            TransactionSynchronizationManager.unbindResource(connections);
        }
        try {
            // the batch's own work first: a crash before the broker's commit has the broker hand the messages again
            batchWork.commit();
        } catch (Exception failed) {
            session.rollback();
            LOG.warn("{} batch of {} not processed (its work could not be committed: {}): rolled back, the broker "
                    + "hands them again, each alone", name, taken.size(), failed.getMessage());
            return 0;
        }
        try {
            session.commit();
        } catch (TransactionRolledBackException refused) {
            // e.g. a message the broker's duplicate detection refused (the same message in two intake messages at
            // once, webhook and poll): handed again, each alone, the duplicate then finds its id delivered
            LOG.info("{} batch of {} rolled back by the broker ({}): the broker hands them again, each alone", name,
                    taken.size(), refused.getMessage());
            session.rollback();
            return 0;
        }
        return taken.size();
    }

    private boolean routeStarted() {
        ServiceStatus status = context.getRouteController().getRouteStatus(routeId);
        return status != null && status.isStarted();
    }

    /** The message through the route, which sends on the bound session. */
    private void process(Message message) throws JMSException {
        Endpoint processing = context.getEndpoint(processingUri);
        Exchange exchange = processing.createExchange();
        try {
            reader.read(message, exchange.getMessage());
        } catch (JMSException | RuntimeException unreadable) {
            LOG.warn("{} message {} not processed (cannot be read: {}): rolled back, the broker hands it again after "
                    + "its redelivery delay", name, message.getJMSMessageID(), unreadable.getMessage());
            throw new BatchFailure();
        }
        template.send(processing, exchange);
        if (exchange.isFailed()) {
            // the route's error handling has logged it
            throw new BatchFailure();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A message of the batch failed: the batch rolls back. */
    private static final class BatchFailure extends RuntimeException {
        BatchFailure() {
            super(null, null, false, false);
        }
    }
}
