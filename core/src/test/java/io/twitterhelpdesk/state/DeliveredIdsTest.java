package io.twitterhelpdesk.state;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Two instances on one state database: each id is delivered once, whoever records it first. */
class DeliveredIdsTest {

    private StateDatabase instanceA;
    private StateDatabase instanceB;
    private DeliveredIds a;
    private DeliveredIds b;

    @BeforeEach
    void setUp() {
        String url = "jdbc:h2:mem:delivered-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        instanceA = new StateDatabase(url, "sa", "");
        instanceA.start();
        instanceB = new StateDatabase(url, "sa", "");
        instanceB.start();
        a = started(instanceA);
        b = started(instanceB);
    }

    @AfterEach
    void tearDown() {
        a.stop();
        b.stop();
        instanceA.stop();
        instanceB.stop();
    }

    @Test
    void aSecondAddOfTheSameIdIsAlreadyRecordedNotAnError() {
        assertThat(a.add("dm:1001")).isTrue();
        assertThat(a.add("dm:1001")).isFalse();
        assertThat(a.contains("dm:1001")).isTrue();
        assertThat(a.contains("dm:1002")).isFalse();
    }

    @Test
    void anIdOneInstanceRecordedIsAlreadyRecordedForTheOther() {
        assertThat(a.add("tweet:77")).isTrue();

        assertThat(b.contains("tweet:77")).isTrue();
        assertThat(b.add("tweet:77")).isFalse();
    }

    @Test
    void twoInstancesRecordingTheSameIdsAtOnceRecordEachOnceWithoutErrors() throws Exception {
        int ids = 150;
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<List<Boolean>> fromA = threads.submit(() -> addAll(a, ids, together));
            Future<List<Boolean>> fromB = threads.submit(() -> addAll(b, ids, together));
            List<Boolean> addedByA = fromA.get(10, TimeUnit.SECONDS);
            List<Boolean> addedByB = fromB.get(10, TimeUnit.SECONDS);

            for (int i = 0; i < ids; i++) {
                assertThat(addedByA.get(i) ^ addedByB.get(i)).as("dm:" + i + " recorded by exactly one").isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * An intake message's envelopes commit with it on the broker, after its ids are recorded: when the broker hands it
     * again (its transaction rolled back), its own ids are not duplicates, anyone else's are.
     */
    @Test
    void theIdsAnIntakeMessageRecordedAreDeliveredAgainWhenTheBrokerHandsItAgainAndOnlyThen() {
        Exchange first = fromIntake("intake-1");
        assertThat(a.contains(first, "dm:5001")).isFalse();
        assertThat(a.add(first, "dm:5001")).isTrue();

        // its transaction rolled back: the same intake message, handed again, on this instance or the other
        assertThat(a.contains(fromIntake("intake-1"), "dm:5001")).as("its own earlier attempt").isFalse();
        assertThat(b.contains(fromIntake("intake-1"), "dm:5001")).as("its own, on the other instance").isFalse();
        assertThat(a.add(fromIntake("intake-1"), "dm:5001")).as("recorded already").isFalse();

        // the same message in another intake message (a webhook retry, the stream read again), or polled
        assertThat(a.contains(fromIntake("intake-2"), "dm:5001")).as("another intake message's").isTrue();
        assertThat(a.contains("dm:5001")).as("outside the intake").isTrue();
        assertThat(a.contains(fromIntake(null), "dm:5001")).as("an exchange without intake").isTrue();

        // an id recorded outside the intake is a duplicate for every intake message
        assertThat(a.add("dm:5002")).isTrue();
        assertThat(a.contains(fromIntake("intake-1"), "dm:5002")).isTrue();
    }

    private static Exchange fromIntake(String intakeId) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        if (intakeId != null) {
            exchange.setProperty(DeliveredIds.INTAKE_ID, intakeId);
        }
        return exchange;
    }

    private static List<Boolean> addAll(DeliveredIds ids, int count, CyclicBarrier together) throws Exception {
        List<Boolean> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            together.await(5, TimeUnit.SECONDS);
            added.add(ids.add("dm:" + i));
        }
        return added;
    }

    private static DeliveredIds started(StateDatabase database) {
        DeliveredIds ids = new DeliveredIds(database.dataSource(), "inbound");
        ids.setCreateTableIfNotExists(false);
        ids.start();
        return ids;
    }
}
