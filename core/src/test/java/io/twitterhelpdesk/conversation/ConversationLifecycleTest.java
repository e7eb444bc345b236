package io.twitterhelpdesk.conversation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.twitterhelpdesk.conversation.ConversationLifecycle.Closed;
import io.twitterhelpdesk.conversation.ConversationLifecycle.Placement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConversationLifecycleTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final String DM = "twitter:dm:42:7";
    private static final String THREAD = "twitter:thread:900";

    private MutableClock clock;
    private ConversationLifecycle lifecycle;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(T0);
        lifecycle = new ConversationLifecycle(TestDatabase.migrated(), clock, Duration.ofHours(24));
    }

    private Placement dm(long id, Instant at) {
        return lifecycle.arrived(DM, id, "dm:" + id, at);
    }

    @Test
    void theFirstMessageOpensAConversationNamedAfterItAndTheNextOnesJoinIt() {
        assertThat(dm(101, T0)).isEqualTo(new Placement("twitter:dm:42:7@dm:101", true));
        assertThat(dm(102, T0.plusSeconds(60))).isEqualTo(new Placement("twitter:dm:42:7@dm:101", false));
        assertThat(dm(103, T0.plus(Duration.ofHours(23)))).isEqualTo(new Placement("twitter:dm:42:7@dm:101", false));
    }

    @Test
    void aMessageAfterLongerThanTheInactivityTimeoutOpensANewConversation() {
        dm(101, T0);
        dm(102, T0.plus(Duration.ofHours(20)));

        // 24 h after 102 exactly: still the same conversation; a moment later: a new one
        assertThat(dm(103, T0.plus(Duration.ofHours(44)))).isEqualTo(new Placement("twitter:dm:42:7@dm:101", false));
        assertThat(dm(104, T0.plus(Duration.ofHours(68)).plusMillis(1)))
                .isEqualTo(new Placement("twitter:dm:42:7@dm:104", true));
        assertThat(dm(105, T0.plus(Duration.ofHours(69)))).isEqualTo(new Placement("twitter:dm:42:7@dm:104", false));
    }

    @Test
    void closeEndsTheConversationTheNextMessageOpensANewOneAndACloseTwiceChangesNothing() {
        dm(101, T0);
        clock.advance(Duration.ofMinutes(5));

        Closed first = lifecycle.close(DM).orElseThrow();
        clock.advance(Duration.ofMinutes(5));
        Closed second = lifecycle.close(DM).orElseThrow();

        assertThat(first).isEqualTo(new Closed(DM, "twitter:dm:42:7@dm:101", "closed", "2026-11-22T10:05:00Z", false));
        assertThat(second).isEqualTo(new Closed(DM, "twitter:dm:42:7@dm:101", "closed", "2026-11-22T10:05:00Z", true));
        assertThat(dm(102, T0.plusSeconds(900))).isEqualTo(new Placement("twitter:dm:42:7@dm:102", true));
        assertThat(dm(103, T0.plusSeconds(960))).isEqualTo(new Placement("twitter:dm:42:7@dm:102", false));
        assertThat(lifecycle.close(DM).orElseThrow().alreadyClosed()).isFalse();
    }

    @Test
    void aMessageSeenAgainGetsTheSameAnswerEvenAfterACloseOrATimeout() {
        Placement opened = dm(101, T0);
        Placement joined = dm(102, T0.plusSeconds(60));
        lifecycle.close(DM);

        assertThat(dm(101, T0)).isEqualTo(opened);
        assertThat(dm(102, T0.plusSeconds(60))).isEqualTo(joined);

        Placement reopened = dm(103, T0.plus(Duration.ofDays(3)));
        assertThat(reopened).isEqualTo(new Placement("twitter:dm:42:7@dm:103", true));
        assertThat(dm(103, T0.plus(Duration.ofDays(3)))).isEqualTo(reopened);
    }

    @Test
    void mentionThreadsAndDirectMessagesHaveConversationsOfTheirOwn() {
        assertThat(lifecycle.arrived(THREAD, 905, "tweet:905", T0))
                .isEqualTo(new Placement("twitter:thread:900@tweet:905", true));
        dm(101, T0);

        lifecycle.close(THREAD);

        assertThat(lifecycle.arrived(THREAD, 910, "tweet:910", T0.plusSeconds(5)))
                .isEqualTo(new Placement("twitter:thread:900@tweet:910", true));
        assertThat(dm(102, T0.plusSeconds(5))).isEqualTo(new Placement("twitter:dm:42:7@dm:101", false));
    }

    @Test
    void closingAKeyThatNeverHadAConversationIsEmptyAndAMalformedKeyIsRefused() {
        assertThat(lifecycle.close("twitter:dm:42:8")).isEmpty();
        assertThatThrownBy(() -> lifecycle.close("twitter:dm:42")).isInstanceOf(InvalidConversationKeyException.class)
                .hasMessageContaining("Not a conversation key");
        assertThatThrownBy(() -> lifecycle.close(null)).isInstanceOf(InvalidConversationKeyException.class);
    }

    @Test
    void concurrentFirstMessagesOfOneKeyOpenOneConversation() throws Exception {
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Placement>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                long id = 200 + i;
                Callable<Placement> arrive = () -> {
                    start.await();
                    return dm(id, T0.plusMillis(id));
                };
                results.add(pool.submit(arrive));
            }
            start.countDown();
            List<Placement> placements = new ArrayList<>();
            for (Future<Placement> f : results) {
                placements.add(f.get());
            }

            assertThat(placements).extracting(Placement::conversationId).containsOnly(
                    lifecycle.currentConversationId(DM).orElseThrow());
            assertThat(placements).filteredOn(Placement::newConversation).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theInactivityTimeoutMustBePositive() {
        assertThatThrownBy(() -> new ConversationLifecycle(TestDatabase.migrated(), clock, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("conversation.inactivity-timeout");
    }
}
