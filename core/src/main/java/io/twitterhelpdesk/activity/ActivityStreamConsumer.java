package io.twitterhelpdesk.activity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

import io.twitterhelpdesk.activity.ActivityStreamConnector.Connection;
import io.twitterhelpdesk.activity.ActivityStreamConnector.Refused;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.twitterhelpdesk.state.ActivityPositions;

/**
 * Holds the X Activity API stream open on one thread and hands the event lines to the route on one of
 * {@value #LANES} lanes, the lines of one conversation on one lane in order, those waiting for a lane together (up to
 * {@value #MAX_BATCH}: one intake transaction) ({@link StreamLanes}). A blank line is
 * X's keep-alive: the stream is alive and complete up to now, but for lines still in flight. A line the route fails
 * on (broker or state store down) is handed again, after a growing pause, until it goes through: its lane waits
 * meanwhile, and reading stops once {@value #MAX_IN_FLIGHT} lines are in flight; if X drops the connection, the
 * position (moved only past handled lines) makes the next connection ask the missing events back. A line the route
 * refuses as malformed is its business (counted there), never a reason to stop.
 * The stream is reopened when X closes it, when it stalls past {@code xaa.stream.stall-timeout}, or after an error,
 * with a backoff growing to {@code xaa.stream.reconnect-max-delay}; after a 429 not before X's reset.
 */
final class ActivityStreamConsumer extends DefaultConsumer {

    static final Logger LOG = LoggerFactory.getLogger(ActivityStreamConsumer.class);

    private final ActivityStreamConnector connector;
    /** How many lanes hand stream lines to the route at once (one conversation's lines always on the same lane). */
    static final int LANES = 4;
    /** How many lines may be in flight on the lanes before reading waits. */
    static final int MAX_IN_FLIGHT = 256;
    /** The most lines a lane hands to the route at once (one intake transaction). */
    static final int MAX_BATCH = 100;

    private volatile ExecutorService thread;
    private volatile List<ExecutorService> laneThreads = List.of();
    private volatile StreamLanes lanes;
    private volatile Connection open;
    private volatile boolean running;
    private boolean unauthorizedLogged;

    ActivityStreamConsumer(Endpoint endpoint, Processor processor, ActivityStreamConnector connector) {
        super(endpoint, processor);
        this.connector = connector;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        running = true;
        ExecutorServiceManager executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        List<ExecutorService> threads = new ArrayList<>();
        for (int i = 0; i < LANES; i++) {
            threads.add(executors.newSingleThreadExecutor(this, "x-activity-stream-lane-" + i));
        }
        laneThreads = threads;
        lanes = new StreamLanes(List.copyOf(threads), MAX_IN_FLIGHT, MAX_BATCH, this::handle, () -> running);
        thread = executors.newSingleThreadExecutor(this, "x-activity-stream");
        thread.execute(this::run);
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        Connection connection = open;
        if (connection != null) {
            connection.close();
        }
        if (thread != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(thread);
            thread = null;
        }
        for (ExecutorService lane : laneThreads) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(lane);
        }
        laneThreads = List.of();
        super.doStop();
    }

    private void run() {
        Duration backoff = connector.settings().reconnectDelay();
        while (running) {
            String reason;
            try {
                Optional<Connection> recovery = connector.openRecovery();
                if (recovery.isPresent()) {
                    read(recovery.get());
                }
                Connection live = connector.openLive();
                LOG.info("X Activity stream open");
                unauthorizedLogged = false;
                backoff = connector.settings().reconnectDelay();
                read(live);
                if (!running) {
                    return;
                }
                reason = "closed";
                LOG.info("X Activity stream closed by X; reopening");
            } catch (Refused e) {
                reason = refused(e);
                if (e.status == 429) {
                    connector.metrics().activityStreamReconnect(reason);
                    pauseUntil(e.retryAt);
                    continue;
                }
            } catch (SocketTimeoutException e) {
                reason = "stalled";
                LOG.warn("X Activity stream sent nothing (not even a keep-alive) for {}: reopening it",
                        connector.settings().stallTimeout());
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    return;
                }
                reason = "error";
                LOG.warn("X Activity stream failed ({}); reopening in {}", e.getMessage(), backoff);
            } finally {
                open = null;
            }
            if (!running) {
                return;
            }
            connector.metrics().activityStreamReconnect(reason);
            if (!"closed".equals(reason)) {
                pause(backoff);
                backoff = min(backoff.multipliedBy(2), connector.settings().reconnectMaxDelay());
            }
        }
    }

    private String refused(Refused e) {
        if (e.status == 429) {
            LOG.warn("{}; reopening at {}", e.getMessage(), e.retryAt == null ? "the next attempt" : e.retryAt);
            return "rate_limited";
        }
        if (e.status == 401) {
            if (!connector.xApi().appRefused(e.authorization) && !unauthorizedLogged) {
                LOG.error("{}: the app's bearer token is not accepted; check twitter.app.bearer-token or "
                        + "twitter.app.consumer-key/-secret. The stream is tried again with backoff", e.getMessage());
                unauthorizedLogged = true;
            }
            return "unauthorized";
        }
        LOG.warn("{}; reopening with backoff", e.getMessage());
        return "error";
    }

    /**
     * Reads lines until X closes the connection (or the stream stalls, or the consumer stops), handing each to its
     * conversation's lane ({@link StreamLanes}). The live stream is complete up to where no line is still in flight
     * after each line handed over, each line handled and each keep-alive; a recovery window only once X closed it and
     * every line of it is handled.
     */
    private void read(Connection connection) throws IOException {
        open = connection;
        boolean live = connection.recoveredUntil() == null;
        StreamLanes lanes = this.lanes;
        lanes.connected();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(connection.body(),
                StandardCharsets.UTF_8))) {
            String line;
            while (running && (line = lines.readLine()) != null) {
                String event = line;
                if (!event.isBlank() && !lanes.submit(event, at -> complete(live, at))) {
                    return;
                }
                if (live) {
                    // a recovery window's lines say nothing about now (nor let a late line of an earlier live
                    // connection say it): it is complete only at its end
                    complete(true, lanes.reading(connector.positions().now()));
                }
            }
            if (running && !live && lanes.awaitIdle()) {
                connector.positions().complete(ActivityPositions.STREAM, connection.recoveredUntil());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            connection.close();
        }
    }

    private void complete(boolean live, Instant at) {
        if (live && at != null) {
            connector.positions().complete(ActivityPositions.STREAM, at);
        }
    }

    /**
     * Hands the lines (read one after the other, one conversation's or one alone) to the route together until they
     * go through; false when the consumer stopped first.
     */
    private boolean handle(List<String> lines) {
        Duration backoff = connector.settings().reconnectDelay();
        while (running) {
            Exchange exchange = createExchange(false);
            try {
                exchange.getIn().setBody(lines);
                getProcessor().process(exchange);
                Exception failure = exchange.getException();
                if (failure == null) {
                    return true;
                }
                LOG.warn("X Activity event not delivered ({} lines read together: {}): the stream waits and hands them again in {}",
                        lines.size(), rootMessage(failure), backoff);
            } catch (Exception e) {
                LOG.warn("X Activity event not delivered ({} lines read together: {}): the stream waits and hands them again in {}",
                        lines.size(), rootMessage(e), backoff);
            } finally {
                releaseExchange(exchange, false);
            }
            pause(backoff);
            backoff = min(backoff.multipliedBy(2), connector.settings().reconnectMaxDelay());
        }
        return false;
    }

    /** The innermost cause's message (a split's failure wraps the broker's own words). */
    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private void pauseUntil(Instant at) {
        Duration wait = at == null ? connector.settings().reconnectMaxDelay()
                : Duration.between(Instant.now(), at).plusSeconds(1);
        pause(min(wait.isNegative() ? Duration.ZERO : wait, Duration.ofMinutes(15)));
    }

    private void pause(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        try {
            while (running && System.nanoTime() < until) {
                Thread.sleep(Math.max(1, Math.min(200, (until - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
