package io.twitterhelpdesk.sandbox;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One open {@code GET /2/activity/stream} response, written by its own thread: 200 chunked
 * {@code application/json}, one line per event ({@code \r\n} terminated) in the order queued, and a blank keep-alive
 * line whenever nothing was sent for the keep-alive interval. It ends when the client goes away, when closed, or once
 * {@code end_time} has passed. Stalled, it sends nothing at all (lines are dropped) until closed.
 */
final class ActivityStreamConnection implements Runnable {

    /** Queued to make the writer end (compared by identity). */
    private static final Line END = new Line("end of stream", null);

    /** A line to write (without its terminator); {@code onWrite}, when not null, runs just before it is written. */
    record Line(String text, Runnable onWrite) {
    }

    private final String consumerKey;
    private final HttpExchange exchange;
    private final Instant endTime;
    private final Clock clock;
    private final LongSupplier keepAliveMillis;
    private final Consumer<ActivityStreamConnection> onClosed;
    private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
    private volatile boolean stalled;
    private volatile Thread thread;

    ActivityStreamConnection(String consumerKey, HttpExchange exchange, Instant endTime, Clock clock,
                             LongSupplier keepAliveMillis, Consumer<ActivityStreamConnection> onClosed) {
        this.consumerKey = consumerKey;
        this.exchange = exchange;
        this.endTime = endTime;
        this.clock = clock;
        this.keepAliveMillis = keepAliveMillis;
        this.onClosed = onClosed;
    }

    String consumerKey() {
        return consumerKey;
    }

    boolean stalled() {
        return stalled;
    }

    /** Queues a line (without its terminator); dropped while stalled. */
    void send(String line) {
        send(new Line(line, null));
    }

    /** Queues a line; dropped while stalled (its {@code onWrite} then never runs). */
    void send(Line line) {
        if (!stalled) {
            lines.add(line);
        }
    }

    /** From now on nothing at all is written, not even keep-alives. */
    void stall() {
        stalled = true;
        lines.clear();
    }

    /** Ends the stream after the lines already queued, and after {@code lastLine} when not null. */
    void close(String lastLine) {
        if (lastLine != null && !stalled) {
            lines.add(new Line(lastLine, null));
        }
        lines.add(END);
    }

    void start(Thread writer) {
        thread = writer;
        writer.start();
    }

    /** Waits up to {@code millis} for the writer thread to end. */
    void join(long millis) throws InterruptedException {
        Thread writer = thread;
        if (writer != null) {
            writer.join(millis);
        }
    }

    @Override
    public void run() {
        try {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.flush();
            while (true) {
                Line line = lines.poll(keepAliveMillis.getAsLong(), TimeUnit.MILLISECONDS);
                if (line == END) {
                    break;
                }
                if (stalled) {
                    continue;
                }
                if (endTime != null && clock.instant().isAfter(endTime)) {
                    break;
                }
                if (line != null && line.onWrite() != null) {
                    line.onWrite().run();
                }
                out.write(((line == null ? "" : line.text()) + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // the client went away or the server stopped: the stream is over
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
            onClosed.accept(this);
        }
    }
}
