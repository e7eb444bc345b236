package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open activity streams, at most one per app as on X (another connect answers 429 {@code TooManyConnections}).
 * Each stream has its own writer thread, so streams never hold the API server's small thread pool.
 *
 * <p>A stalled stream stands for a connection that went dead without closing: the sandbox cannot see the client
 * leave it, so the app's next connect replaces it (X would notice the dead connection on its side).
 */
final class ActivityStreams {

    static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(5);
    private static final long JOIN_MILLIS = 2000;

    private final Clock clock;
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final Map<String, ActivityStreamConnection> open = new LinkedHashMap<>();
    private volatile Duration keepAlive = DEFAULT_KEEP_ALIVE;

    ActivityStreams(Clock clock) {
        this.clock = clock;
    }

    void setKeepAlive(Duration interval) {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("keep-alive interval must be positive");
        }
        keepAlive = interval;
    }

    /**
     * Registers the app's stream with these first lines (the backfill) queued; 429 problem when the app already has
     * one that is not stalled. The caller starts it with {@link #start}.
     */
    synchronized ActivityStreamConnection open(String consumerKey, HttpExchange exchange, Instant endTime,
                                               List<ActivityStreamConnection.Line> backfill) {
        ActivityStreamConnection current = open.get(consumerKey);
        if (current != null && !current.stalled()) {
            throw V2Problem.tooManyConnections();
        }
        if (current != null) {
            current.close(null);
        }
        ActivityStreamConnection connection = new ActivityStreamConnection(consumerKey, exchange, endTime, clock,
                () -> keepAlive.toMillis(), this::closed);
        backfill.forEach(connection::send);
        open.put(consumerKey, connection);
        return connection;
    }

    void start(ActivityStreamConnection connection) {
        Thread writer = new Thread(connection, "twitter-sandbox-activity-stream-" + threadNumber.incrementAndGet());
        writer.setDaemon(true);
        connection.start(writer);
    }

    private synchronized void closed(ActivityStreamConnection connection) {
        open.remove(connection.consumerKey(), connection);
    }

    /** Queues an event line on the app's stream, if one is open. */
    synchronized void send(String consumerKey, ActivityStreamConnection.Line line) {
        ActivityStreamConnection connection = open.get(consumerKey);
        if (connection != null) {
            connection.send(line);
        }
    }

    /** Queues a raw line on every open stream. */
    synchronized void sendToAll(String line) {
        open.values().forEach(c -> c.send(line));
    }

    synchronized int openCount() {
        return open.size();
    }

    synchronized void stallAll() {
        open.values().forEach(ActivityStreamConnection::stall);
    }

    /** Ends every stream, each after an operational-disconnect error line (X's upstream disconnect). */
    void disconnectAll() {
        closeAll(TwitterJson.write(operationalDisconnect()));
    }

    /** Ends every stream and waits (bounded) for the writer threads. */
    void closeAll(String lastLine) {
        List<ActivityStreamConnection> connections;
        synchronized (this) {
            connections = new ArrayList<>(open.values());
            open.clear();
        }
        connections.forEach(c -> c.close(lastLine));
        for (ActivityStreamConnection connection : connections) {
            try {
                connection.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static ObjectNode operationalDisconnect() {
        ObjectNode root = TwitterJson.MAPPER.createObjectNode();
        root.putArray("errors").addObject().put("title", "operational-disconnect")
                .put("disconnect_type", "UpstreamOperationalDisconnect")
                .put("detail", "This stream has been disconnected upstream for operational reasons.")
                .put("type", "https://api.x.com/2/problems/operational-disconnect");
        return root;
    }
}
