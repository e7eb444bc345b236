package io.twitterhelpdesk.activity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Stream lines of different conversations are handled at once, one conversation's in order, the position behind. */
class StreamLanesTest {

    private static final Instant T0 = Instant.parse("2026-12-06T20:00:00Z");

    private final List<ExecutorService> threads = new ArrayList<>();
    private final List<String> handledOrder = new CopyOnWriteArrayList<>();
    private final List<Instant> positions = new CopyOnWriteArrayList<>();
    private final List<List<String>> batches = new CopyOnWriteArrayList<>();
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> waits = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    @AfterEach
    void tearDown() {
        running = false;
        threads.forEach(ExecutorService::shutdownNow);
    }

    @Test
    void oneConversationWaitsForItsEarlierLineWhileAnotherGoesThrough() throws Exception {
        StreamLanes lanes = lanes(2);
        CountDownLatch release = new CountDownLatch(1);
        lanes.reading(T0);
        submit(lanes, dm(1001, "a1"), "a1", release);
        submit(lanes, dm(1001, "a2"), "a2", null);
        submit(lanes, dm(otherLaneThan(1001, 2), "b1"), "b1", null);

        waitUntil(() -> handledOrder.contains("b1"));
        Thread.sleep(100);
        assertThat(handledOrder).containsExactly("b1");

        release.countDown();
        waitUntil(() -> handledOrder.size() == 3);
        assertThat(handledOrder).containsExactly("b1", "a1", "a2");
    }

    @Test
    void theLinesWaitingForALaneAreHandedTogetherInTheOrderRead() throws Exception {
        StreamLanes lanes = lanes(2);
        CountDownLatch release = new CountDownLatch(1);
        lanes.reading(T0);
        submit(lanes, dm(1001, "a1"), "a1", release);
        waitUntil(() -> waits.containsKey(dm(1001, "a1")));
        Thread.sleep(100);
        submit(lanes, dm(1001, "a2"), "a2", null);
        submit(lanes, dm(1001, "a3"), "a3", null);
        submit(lanes, dm(1001, "a4"), "a4", null);

        release.countDown();
        waitUntil(() -> handledOrder.size() == 4);
        assertThat(batches).as("a1 alone (its lane was free), then the three read while it was handled")
                .containsExactly(List.of("a1"), List.of("a2", "a3", "a4"));
        waitUntil(() -> positions.size() == 2);
    }

    @Test
    void theStreamIsCompleteOnlyUpToTheOldestLineStillInFlight() throws Exception {
        StreamLanes lanes = lanes(2);
        CountDownLatch release = new CountDownLatch(1);
        lanes.connected();
        assertThat(lanes.reading(T0)).isEqualTo(T0);
        submit(lanes, dm(1001, "a1"), "a1", release);
        assertThat(lanes.reading(T0.plusSeconds(1))).as("a1 in flight since T0").isEqualTo(T0);
        submit(lanes, dm(otherLaneThan(1001, 2), "b1"), "b1", null);
        waitUntil(() -> positions.size() == 1);
        assertThat(positions).as("b1 handled, a1 still in flight").containsExactly(T0);
        assertThat(lanes.reading(T0.plusSeconds(2))).isEqualTo(T0);

        release.countDown();
        waitUntil(() -> positions.size() == 2);
        assertThat(positions.get(1)).as("nothing in flight: up to when the reader began waiting")
                .isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void nothingOfANewConnectionIsCompleteBeforeItsFirstLineIsRead() throws Exception {
        StreamLanes lanes = lanes(2);
        lanes.reading(T0);
        lanes.connected();
        submit(lanes, dm(1001, "a1"), "a1", null);

        waitUntil(() -> positions.size() == 1);
        assertThat(positions.get(0)).isNull();
    }

    @Test
    void aLineWithoutAConversationWaitsForEveryEarlierLine() throws Exception {
        StreamLanes lanes = lanes(2);
        CountDownLatch release = new CountDownLatch(1);
        lanes.reading(T0);
        submit(lanes, dm(1001, "a1"), "a1", release);
        CompletableFuture<Boolean> garbage = CompletableFuture.supplyAsync(() -> {
            try {
                return submit(lanes, "this is not json {", "garbage", null);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertThat(garbage).isNotDone();
        assertThat(handledOrder).isEmpty();

        release.countDown();
        assertThat(garbage.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(handledOrder).containsExactly("a1", "garbage");
    }

    @Test
    void readingWaitsWhileTheMostLinesAreInFlightAndGivesUpWhenTheStreamStops() throws Exception {
        List<Executor> one = List.of(executor());
        StreamLanes lanes = new StreamLanes(one, 1, 10, this::handle, () -> running);
        CountDownLatch release = new CountDownLatch(1);
        lanes.reading(T0);
        submit(lanes, dm(1001, "a1"), "a1", release);
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> {
            try {
                return submit(lanes, dm(1002, "b1"), "b1", null);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertThat(second).isNotDone();

        running = false;
        assertThat(second.get(5, TimeUnit.SECONDS)).isFalse();
        release.countDown();
    }

    @Test
    void theConversationOfALineIsItsDmPartyOrItsPostsThread() {
        assertThat(StreamLanes.conversationOf(dm(1001, "x"))).contains("dm:42:1001");
        String sent = "{\"data\":{\"event_type\":\"dm.sent\",\"filter\":{\"user_id\":\"42\"},\"payload\":"
                + "{\"direct_message_events\":[{\"message_create\":{\"sender_id\":\"42\",\"target\":"
                + "{\"recipient_id\":\"1001\"}}}]}}}";
        assertThat(StreamLanes.conversationOf(sent)).as("the account's own DM: same conversation").contains("dm:42:1001");
        String post = "{\"data\":{\"event_type\":\"post.mention.create\",\"filter\":{\"user_id\":\"42\"},"
                + "\"payload\":{\"id\":\"9\",\"conversation_id\":\"7\"}}}";
        assertThat(StreamLanes.conversationOf(post)).contains("thread:7");
        String two = "{\"data\":{\"event_type\":\"dm.received\",\"filter\":{\"user_id\":\"42\"},\"payload\":"
                + "{\"direct_message_events\":[{\"message_create\":{\"sender_id\":\"1\"}},"
                + "{\"message_create\":{\"sender_id\":\"2\"}}]}}}";
        assertThat(StreamLanes.conversationOf(two)).as("two conversations in one line").isEmpty();
        assertThat(StreamLanes.conversationOf("this is not json {")).isEmpty();
        assertThat(StreamLanes.conversationOf("{\"data\":{\"event_type\":\"like.create\",\"filter\":{\"user_id\":\"42\"}}}"))
                .isEmpty();
    }

    // ---

    private StreamLanes lanes(int count) {
        List<Executor> executors = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            executors.add(executor());
        }
        return new StreamLanes(executors, 16, 10, this::handle, () -> running);
    }

    private ExecutorService executor() {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        threads.add(executor);
        return executor;
    }

    /** Hands {@code line} over as {@code name}, handled once {@code waitFor} (if any) opens. */
    private boolean submit(StreamLanes lanes, String line, String name, CountDownLatch waitFor)
            throws InterruptedException {
        names.put(line, name);
        if (waitFor != null) {
            waits.put(line, waitFor);
        }
        return lanes.submit(line, positions::add);
    }

    /** The lanes' handler: records each batch and its lines in order. */
    private boolean handle(List<String> lines) {
        for (String line : lines) {
            CountDownLatch waitFor = waits.get(line);
            if (waitFor != null) {
                try {
                    waitFor.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return false;
                }
            }
        }
        List<String> batch = lines.stream().map(names::get).toList();
        batches.add(batch);
        handledOrder.addAll(batch);
        return true;
    }

    private static String dm(long sender, String text) {
        return "{\"data\":{\"event_type\":\"dm.received\",\"filter\":{\"user_id\":\"42\"},\"payload\":"
                + "{\"direct_message_events\":[{\"id\":\"" + text + "\",\"message_create\":{\"sender_id\":\"" + sender
                + "\",\"target\":{\"recipient_id\":\"42\"}}}]}}}";
    }

    /** A customer whose DMs go on another of {@code lanes} lanes than {@code customer}'s. */
    private static long otherLaneThan(long customer, int lanes) {
        int lane = Math.floorMod(("dm:42:" + customer).hashCode(), lanes);
        for (long other = customer + 1; ; other++) {
            if (Math.floorMod(("dm:42:" + other).hashCode(), lanes) != lane) {
                return other;
            }
        }
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as("condition reached within 5 s").isTrue();
    }
}
