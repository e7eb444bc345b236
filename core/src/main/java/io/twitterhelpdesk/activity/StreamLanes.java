package io.twitterhelpdesk.activity;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.twitterhelpdesk.webhook.EventBodies;

/**
 * The X Activity stream's lines in flight, handled on a few lanes at once: the lines of one conversation always on
 * the same lane, in the order they were read (so one conversation's messages reach the queue in order), a line whose
 * conversation cannot be told from it ({@link #conversationOf}) alone, once every earlier line is handled. A lane
 * hands the lines waiting for it together (up to {@code maxBatch}, in the order read): one intake transaction for
 * all of them instead of one per line. At most {@code maxInFlight} lines are in flight: reading waits beyond (lines
 * that cannot be delivered, broker down, hold their lane, and soon the reading).
 *
 * <p>How far the stream is complete: up to the moment the reader began to wait for the oldest line still in flight;
 * with none in flight, up to the moment it began to wait for the next one ({@link #reading}). With one lane that is
 * exactly the position the stream kept when it handled each line before reading the next.
 */
final class StreamLanes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Lane> lanes;
    private final int maxBatch;
    private final Predicate<List<String>> handle;
    private final Semaphore room;
    private final BooleanSupplier running;
    private final TreeMap<Long, Instant> inFlight = new TreeMap<>();
    private long next;
    private Instant readingSince;

    /**
     * @param lanes       one single-threaded executor per lane
     * @param maxInFlight how many lines may wait or be handled at once
     * @param maxBatch    the most lines a lane hands at once
     * @param handle      delivers lines read one after the other, in that order, all or none (false: the stream
     *                    stopped first)
     * @param running     false once the stream stops: waits end, lines not handled stay in flight
     */
    StreamLanes(List<Executor> lanes, int maxInFlight, int maxBatch, Predicate<List<String>> handle,
            BooleanSupplier running) {
        this.lanes = lanes.stream().map(Lane::new).toList();
        this.maxBatch = maxBatch;
        this.handle = handle;
        this.room = new Semaphore(maxInFlight);
        this.running = running;
    }

    /** A new connection: nothing of it is complete until its first line or keep-alive is read. */
    synchronized void connected() {
        readingSince = null;
    }

    /**
     * The reader, having handed over a line or read a keep-alive at {@code now}, waits for the next line: how far the
     * stream is complete, or null when nothing of this connection can be said complete yet.
     */
    synchronized Instant reading(Instant now) {
        readingSince = now;
        return completeUpTo();
    }

    /**
     * Hands {@code line} (read after {@link #reading}) to its conversation's lane, with the lines waiting there, or,
     * when its conversation cannot be told, handles it here alone once every earlier line is handled.
     * {@code handled} is told how far the stream is complete after each batch handled (null: nothing of this
     * connection yet). False when the stream stopped while this waited.
     */
    boolean submit(String line, Consumer<Instant> handled) throws InterruptedException {
        Optional<String> conversation = conversationOf(line);
        while (!room.tryAcquire(200, TimeUnit.MILLISECONDS)) {
            if (!running.getAsBoolean()) {
                return false;
            }
        }
        long seq;
        synchronized (this) {
            seq = next++;
            inFlight.put(seq, readingSince);
        }
        if (conversation.isPresent()) {
            lanes.get(Math.floorMod(conversation.get().hashCode(), lanes.size())).add(seq, line, handled);
            return true;
        }
        if (!awaitIdleBut(seq)) {
            room.release();
            return false;
        }
        try {
            if (handle.test(List.of(line))) {
                handled.accept(done(List.of(seq)));
            }
        } finally {
            room.release();
        }
        return running.getAsBoolean();
    }

    /** Waits until every line handed over is handled; false when the stream stopped first. */
    boolean awaitIdle() throws InterruptedException {
        return awaitIdleBut(Long.MAX_VALUE);
    }

    private synchronized boolean awaitIdleBut(long seq) throws InterruptedException {
        while (!(inFlight.isEmpty() || (inFlight.size() == 1 && inFlight.containsKey(seq)))) {
            if (!running.getAsBoolean()) {
                return false;
            }
            wait(200);
        }
        return true;
    }

    private synchronized Instant done(List<Long> seqs) {
        seqs.forEach(inFlight::remove);
        notifyAll();
        return completeUpTo();
    }

    private Instant completeUpTo() {
        return inFlight.isEmpty() ? readingSince : inFlight.firstEntry().getValue();
    }

    /** A line waiting for its lane. */
    private record Waiting(long seq, String line, Consumer<Instant> handled) {
    }

    /** One lane: its thread and the lines waiting for it, in the order read. */
    private final class Lane {

        private final Executor thread;
        private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

        Lane(Executor thread) {
            this.thread = thread;
        }

        void add(long seq, String line, Consumer<Instant> handled) {
            synchronized (waiting) {
                waiting.add(new Waiting(seq, line, handled));
            }
            thread.execute(this::handOver);
        }

        /** Hands the lines waiting (up to maxBatch) together; none when an earlier run took them already. */
        private void handOver() {
            List<Waiting> batch = new ArrayList<>();
            synchronized (waiting) {
                while (batch.size() < maxBatch && !waiting.isEmpty()) {
                    batch.add(waiting.poll());
                }
            }
            if (batch.isEmpty()) {
                return;
            }
            try {
                if (handle.test(batch.stream().map(Waiting::line).toList())) {
                    Instant complete = done(batch.stream().map(Waiting::seq).toList());
                    batch.get(batch.size() - 1).handled().accept(complete);
                }
            } finally {
                room.release(batch.size());
            }
        }
    }

    /**
     * The conversation a stream line's messages belong to, as far as the line tells without the state database: a
     * DM event's account and other party (every event of the line the same), a Post's {@code conversation_id};
     * empty for anything else (other events, several conversations, unreadable lines).
     */
    static Optional<String> conversationOf(String line) {
        JsonNode data;
        try {
            data = JSON.readTree(line).path("data");
        } catch (Exception e) {
            return Optional.empty();
        }
        String eventType = data.path("event_type").asText("");
        String user = data.path("filter").path("user_id").asText("");
        if (user.isEmpty()) {
            return Optional.empty();
        }
        if (eventType.startsWith("dm.")) {
            String other = null;
            for (JsonNode event : data.path("payload").path("direct_message_events")) {
                JsonNode create = event.path("message_create");
                String sender = create.path("sender_id").asText("");
                String party = user.equals(sender) ? create.path("target").path("recipient_id").asText("") : sender;
                if (party.isEmpty() || (other != null && !other.equals(party))) {
                    return Optional.empty();
                }
                other = party;
            }
            return other == null ? Optional.empty() : Optional.of("dm:" + user + ":" + other);
        }
        if (eventType.startsWith("post.")) {
            return EventBodies.id(data.path("payload").path("conversation_id")).isPresent()
                    ? Optional.of("thread:" + data.path("payload").path("conversation_id").asText())
                    : Optional.empty();
        }
        return Optional.empty();
    }
}
