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
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.twitterhelpdesk.state.ConversationStore;
import io.twitterhelpdesk.state.DmContact;
import io.twitterhelpdesk.state.ReplyLedger;
import io.twitterhelpdesk.state.ThreadState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConversationStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private MutableClock clock;
    private ConversationStore store;
    private ReplyLedger ledger;
    private final AtomicInteger replies = new AtomicInteger();

    @BeforeEach
    void setUp() {
        clock = new MutableClock(T0);
        DataSource db = TestDatabase.migrated();
        store = new ConversationStore(db, clock);
        ledger = new ReplyLedger(db, clock);
    }

    /** The sender's step: a new reply marked sending in one commit with a slot of the customer's window. */
    private boolean reserve(long accountId, long customerId, int maxSends) {
        String replyId = "r-" + replies.incrementAndGet();
        ledger.accepted(replyId, "twitter:dm:" + accountId + ":" + customerId);
        return ledger.sending(replyId, store.dmSendSlot(accountId, customerId, maxSends));
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
        assertThat(reserve(42, 7, 5)).isTrue();
        assertThat(reserve(42, 7, 5)).isTrue();

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
            assertThat(reserve(42, 7, 5)).isTrue();
        }
        assertThat(reserve(42, 7, 5)).isFalse();

        store.releaseDmSend(42, 7);
        assertThat(store.dmContact(42, 7).orElseThrow().sendsSinceCustomerMessage()).isEqualTo(4);
        assertThat(reserve(42, 7, 5)).isTrue();
        assertThat(reserve(99, 7, 5)).as("no contact, nothing to reserve").isFalse();
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
                    return reserve(42, 7, 5);
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
}
