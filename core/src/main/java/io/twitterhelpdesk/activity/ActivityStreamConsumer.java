package io.twitterhelpdesk.activity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

import io.twitterhelpdesk.activity.ActivityStreamConnector.Connection;
import io.twitterhelpdesk.activity.ActivityStreamConnector.Refused;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.twitterhelpdesk.state.ActivityPositions;

/**
 * Holds the X Activity API stream open on one thread and hands each event line to the route, one at a time. A blank
 * line is X's keep-alive: the stream is alive and complete up to now. A line the route fails on (broker or state
 * store down) is handed again, after a growing pause, until it goes through: reading stops meanwhile, and if X drops
 * the connection, the position (moved only past handled lines) makes the next connection ask the missing events
 * back. A line the route refuses as malformed is its business (counted there), never a reason to stop.
 * The stream is reopened when X closes it, when it stalls past {@code xaa.stream.stall-timeout}, or after an error,
 * with a backoff growing to {@code xaa.stream.reconnect-max-delay}; after a 429 not before X's reset.
 */
final class ActivityStreamConsumer extends DefaultConsumer {

    static final Logger LOG = LoggerFactory.getLogger(ActivityStreamConsumer.class);

    private final ActivityStreamConnector connector;
    private volatile ExecutorService thread;
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
        thread = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, "x-activity-stream");
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
     * Reads lines until X closes the connection (or the stream stalls, or the consumer stops). The live stream is
     * complete up to now after each handled line and keep-alive; a recovery window only once X closed it.
     */
    private void read(Connection connection) throws IOException {
        open = connection;
        boolean live = connection.recoveredUntil() == null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(connection.body(),
                StandardCharsets.UTF_8))) {
            String line;
            while (running && (line = lines.readLine()) != null) {
                if (!line.isBlank() && !handle(line)) {
                    return;
                }
                if (live) {
                    connector.positions().completeNow(ActivityPositions.STREAM);
                }
            }
            if (running && !live) {
                connector.positions().complete(ActivityPositions.STREAM, connection.recoveredUntil());
            }
        } finally {
            connection.close();
        }
    }

    /** Hands the line to the route until it goes through; false when the consumer stopped first. */
    private boolean handle(String line) {
        Duration backoff = connector.settings().reconnectDelay();
        while (running) {
            Exchange exchange = createExchange(false);
            try {
                exchange.getIn().setBody(line);
                getProcessor().process(exchange);
                Exception failure = exchange.getException();
                if (failure == null) {
                    return true;
                }
                LOG.warn("X Activity event not delivered ({}): the stream waits and hands it again in {}",
                        rootMessage(failure), backoff);
            } catch (Exception e) {
                LOG.warn("X Activity event not delivered ({}): the stream waits and hands it again in {}",
                        rootMessage(e), backoff);
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
