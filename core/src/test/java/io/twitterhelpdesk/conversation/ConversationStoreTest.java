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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConversationStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private MutableClock clock;
    private ConversationStore store;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(T0);
        store = new ConversationStore(TestDatabase.migrated(), clock);
    }

    @Test
    void firstDirectMessageCreatesTheContact() {
        store.customerWroteDirectMessage(42, "acme_support", 7, "alice", 1001, T0);

        assertThat(store.dmContact(42, 7)).contains(new DmContact(42, "acme_support", 7, "alice", T0, 1001, 0));
        assertThat(store.dmContact(43, 7)).isEmpty();
    }

    @Test
    void newerMessageResetsTheSendsAndLateOlderOnesChangeNothing() {
        store.customerWroteDirectMessage(42, "acme_support", 7, "alice", 1001, T0);
        assertThat(store.reserveDmSend(42, 7, 5)).isTrue();
        assertThat(store.reserveDmSend(42, 7, 5)).isTrue();

        store.customerWroteDirectMessage(42, "acme_support", 7, "alice", 1000, T0.minusSeconds(60));
        store.customerWroteDirectMessage(42, "acme_support", 7, "alice", 1001, T0);
        assertThat(store.dmContact(42, 7).orElseThrow().sendsSinceCustomerMessage()).isEqualTo(2);
        assertThat(store.dmContact(42, 7).orElseThrow().lastCustomerMessageId()).isEqualTo(1001);

        Instant later = T0.plus(Duration.ofHours(3));
        store.customerWroteDirectMessage(42, "acme_support", 7, "alice_new", 1002, later);
        DmContact contact = store.dmContact(42, 7).orElseThrow();
        assertThat(contact.sendsSinceCustomerMessage()).isZero();
        assertThat(contact.lastCustomerMessageAt()).isEqualTo(later);
        assertThat(contact.lastCustomerMessageId()).isEqualTo(1002);
        assertThat(contact.customerScreenName()).isEqualTo("alice_new");
    }

    @Test
    void contactsOfACustomerComeMostRecentFirst() {
        store.customerWroteDirectMessage(42, "acme_support", 7, "alice", 1001, T0);
        store.customerWroteDirectMessage(43, "acme_billing", 7, "alice", 1002, T0.plusSeconds(60));
        store.customerWroteDirectMessage(42, "acme_support", 8, "bob", 1003, T0.plusSeconds(120));

        assertThat(store.dmContacts(7)).extracting(DmContact::accountName).containsExactly("acme_billing", "acme_support");

        store.customerWroteDirectMessage(42, "acme_support", 7, "alice", 1004, T0.plusSeconds(180));
        assertThat(store.dmContacts(7)).extracting(DmContact::accountName).containsExactly("acme_support", "acme_billing");
        assertThat(store.dmContacts(9)).isEmpty();
    }

    @Test
    void threadKeepsTheCustomersLatestTweet() {
        store.customerWroteTweet(42, "acme_support", 7, "alice", 501, 500, T0);
        store.customerWroteTweet(42, "acme_support", 7, "alice", 503, 500, T0.plusSeconds(60));
        store.customerWroteTweet(42, "acme_support", 7, "alice", 502, 500, T0.plusSeconds(30));

        assertThat(store.thread(500)).contains(
                new ThreadState(500, 42, "acme_support", 7, "alice", 503, T0.plusSeconds(60)));
        assertThat(store.thread(501)).isEmpty();
    }

    @Test
    void reserveStopsAtTheLimitAndReleaseGivesOneBack() {
        store.customerWroteDirectMessage(42, "acme_support", 7, "alice", 1001, T0);
        for (int i = 0; i < 5; i++) {
            assertThat(store.reserveDmSend(42, 7, 5)).isTrue();
        }
        assertThat(store.reserveDmSend(42, 7, 5)).isFalse();

        store.releaseDmSend(42, 7);
        assertThat(store.dmContact(42, 7).orElseThrow().sendsSinceCustomerMessage()).isEqualTo(4);
        assertThat(store.reserveDmSend(42, 7, 5)).isTrue();
        assertThat(store.reserveDmSend(99, 7, 5)).as("no contact, nothing to reserve").isFalse();
    }

    @Test
    void releaseNeverGoesBelowZero() {
        store.customerWroteDirectMessage(42, "acme_support", 7, "alice", 1001, T0);
        store.releaseDmSend(42, 7);

        assertThat(store.dmContact(42, 7).orElseThrow().sendsSinceCustomerMessage()).isZero();
    }

    @Test
    void reserveIsAtomicUnderConcurrency() throws Exception {
        store.customerWroteDirectMessage(42, "acme_support", 7, "alice", 1001, T0);
        int threads = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Boolean> reserve = () -> {
                    start.await();
                    return store.reserveDmSend(42, 7, 5);
                };
                results.add(pool.submit(reserve));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> result : results) {
                won += result.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(5);
            assertThat(store.dmContact(42, 7).orElseThrow().sendsSinceCustomerMessage()).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void createReplyIsIdempotentOnTheReplyId() {
        assertThat(store.createReply("r-1", "twitter:dm:42:7")).isTrue();
        clock.advance(Duration.ofSeconds(5));
        assertThat(store.createReply("r-1", "twitter:thread:500")).isFalse();

        assertThat(store.reply("r-1")).contains(
                new ReplyRecord("r-1", "twitter:dm:42:7", "queued", null, null, null, T0, T0));
        assertThat(store.reply("r-2")).isEmpty();
    }

    @Test
    void concurrentCreatesOfOneReplyIdHaveOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return store.createReply("same", "twitter:dm:42:7");
                }));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> result : results) {
                won += result.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void updateReplyRecordsTheOutcome() {
        store.createReply("r-1", "twitter:dm:42:7");
        clock.advance(Duration.ofSeconds(2));
        store.updateReply("r-1", "sent", "1700000000000000001", null, null);

        ReplyRecord sent = store.reply("r-1").orElseThrow();
        assertThat(sent.status()).isEqualTo("sent");
        assertThat(sent.twitterId()).isEqualTo("1700000000000000001");
        assertThat(sent.createdAt()).isEqualTo(T0);
        assertThat(sent.updatedAt()).isEqualTo(T0.plusSeconds(2));

        store.createReply("r-2", "twitter:dm:42:7");
        store.updateReply("r-2", "failed", null, "twitter_349", "x".repeat(5000));
        ReplyRecord failed = store.reply("r-2").orElseThrow();
        assertThat(failed.errorCode()).isEqualTo("twitter_349");
        assertThat(failed.errorMessage()).hasSize(1000).endsWith("…");
    }

    @Test
    void updateReplyRefusesUnknownStatusesAndIds() {
        store.createReply("r-1", "twitter:dm:42:7");

        assertThatThrownBy(() -> store.updateReply("r-1", "done", null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("done");
        assertThatThrownBy(() -> store.updateReply("nope", "sent", "1", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }
}
