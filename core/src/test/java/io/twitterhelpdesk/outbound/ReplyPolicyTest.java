package io.twitterhelpdesk.outbound;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.twitterhelpdesk.config.OutboundConfig.UrlReplies;
import io.twitterhelpdesk.state.ConversationStore;
import io.twitterhelpdesk.state.ReplyLedger;
import io.twitterhelpdesk.conversation.MutableClock;
import io.twitterhelpdesk.conversation.TestDatabase;
import io.twitterhelpdesk.outbound.ReplyDecision.Mode;
import io.twitterhelpdesk.outbound.ReplyDecision.Reject;
import io.twitterhelpdesk.outbound.ReplyDecision.Send;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplyPolicyTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final long SUPPORT = 42;
    private static final long BILLING = 43;
    private static final long ALICE = 7;
    private static final long ROOT = 1600000000000000000L;

    private MutableClock clock;
    private ConversationStore store;
    private ReplyPolicy policy;
    private ReplyLedger ledger;
    private final AtomicInteger replies = new AtomicInteger();

    @BeforeEach
    void setUp() {
        clock = new MutableClock(T0);
        DataSource db = TestDatabase.migrated();
        store = new ConversationStore(db, clock);
        ledger = new ReplyLedger(db, clock);
        policy = new ReplyPolicy(store, clock, 5, Duration.ofHours(24));
    }

    /** A reply to Alice sent: marked sending in one commit with a slot of her window, as the sender does. */
    private boolean reserve(long accountId, long customerId, int maxSends) {
        String replyId = "sent-" + replies.incrementAndGet();
        ledger.accepted(replyId, "twitter:dm:" + accountId + ":" + customerId);
        return ledger.sending(replyId, store.dmSendSlot(accountId, customerId, maxSends));
    }

    private void aliceDms(long accountId, long messageId, Instant at) {
        store.customerWroteDirectMessage(accountId, accountId == SUPPORT ? "acme_support" : "acme_billing",
                ALICE, "alice", messageId, at);
    }

    private void aliceTweets(long tweetId, Instant at) {
        store.customerWroteTweet(SUPPORT, "acme_support", ALICE, "alice", tweetId, ROOT, at);
    }

    private ReplyDecision decide(String key, String text, String accountId, String mode) {
        return policy.decide(new ReplyRequest("r-1", key, text, accountId, mode));
    }

    private static final String DM_KEY = "twitter:dm:42:7";
    private static final String THREAD_KEY = "twitter:thread:" + ROOT;

    // Rule 1: the customer wrote first

    @Test
    void dmToACustomerWhoNeverWroteIsRefused() {
        assertThat(decide(DM_KEY, "Hi", null, null))
                .isInstanceOfSatisfying(Reject.class, r -> assertThat(r.code()).isEqualTo("customer_has_not_written_first"));
    }

    @Test
    void unknownThreadIsRefused() {
        assertThat(decide(THREAD_KEY, "Hi", null, null))
                .isInstanceOfSatisfying(Reject.class, r -> assertThat(r.code()).isEqualTo("customer_has_not_written_first"));
    }

    // Rule 2: DM or public

    @Test
    void dmConversationIsAnsweredByDm() {
        aliceDms(SUPPORT, 1001, T0);

        assertThat(decide(DM_KEY, "Hi Alice", null, null))
                .isEqualTo(new Send("acme_support", SUPPORT, Mode.DM, ALICE, "alice", null, "Hi Alice", DM_KEY));
        assertThat(decide(DM_KEY, "Hi Alice", null, "dm")).isInstanceOf(Send.class);
    }

    @Test
    void dmConversationIsNeverAnsweredInPublic() {
        aliceDms(SUPPORT, 1001, T0);

        assertThat(decide(DM_KEY, "Hi Alice", null, "public"))
                .isInstanceOfSatisfying(Reject.class, r -> assertThat(r.code()).isEqualTo("dm_never_public"));
    }

    @Test
    void mentionThreadIsAnsweredInPublicUnderTheCustomersLatestTweet() {
        aliceTweets(ROOT, T0);
        aliceTweets(ROOT + 5, T0.plusSeconds(60));

        assertThat(decide(THREAD_KEY, "@alice we are on it", null, null)).isEqualTo(new Send("acme_support", SUPPORT,
                Mode.PUBLIC, ALICE, "alice", ROOT + 5, "@alice we are on it", THREAD_KEY));
        assertThat(decide(THREAD_KEY, "@alice we are on it", null, "public")).isInstanceOf(Send.class);
    }

    @Test
    void threadMayBeAnsweredByDmOnlyIfTheCustomerDmedTheAccount() {
        aliceTweets(ROOT, T0);
        assertThat(decide(THREAD_KEY, "Details by DM", null, "dm"))
                .isInstanceOfSatisfying(Reject.class, r -> assertThat(r.code()).isEqualTo("customer_has_not_written_first"));

        aliceDms(SUPPORT, 1001, T0.plusSeconds(30));
        assertThat(decide(THREAD_KEY, "Details by DM", null, "dm"))
                .isEqualTo(new Send("acme_support", SUPPORT, Mode.DM, ALICE, "alice", null, "Details by DM", THREAD_KEY));
    }

    // outbound.url-replies: a public post with a link costs post_create_with_url ($0.200 instead of $0.015)

    private ReplyDecision withUrlReplies(UrlReplies urlReplies, String text, String mode) {
        return new ReplyPolicy(store, clock, 5, Duration.ofHours(24), id -> java.util.Optional.empty(), urlReplies)
                .decide(new ReplyRequest("r-1", THREAD_KEY, text, null, mode));
    }

    @Test
    void aPublicReplyWithALinkIsPostedByDefaultAndRefusedWhenConfigured() {
        aliceTweets(ROOT, T0);
        String link = "Track it at https://example.com/t/1";

        assertThat(withUrlReplies(UrlReplies.ALLOW, link, null)).isEqualTo(new Send("acme_support", SUPPORT,
                Mode.PUBLIC, ALICE, "alice", ROOT, link, THREAD_KEY));
        assertThat(withUrlReplies(UrlReplies.REFUSE, link, "public")).isInstanceOfSatisfying(Reject.class, r -> {
            assertThat(r.code()).isEqualTo("url_reply_refused");
            assertThat(r.message()).contains("outbound.url-replies = refuse");
        });
        assertThat(withUrlReplies(UrlReplies.REFUSE, "Track it in the app", null)).as("no link")
                .isInstanceOf(Send.class);
        assertThat(withUrlReplies(UrlReplies.REFUSE, "see example.com", null)).as("no http(s) URL")
                .isInstanceOf(Send.class);
        assertThat(withUrlReplies(UrlReplies.REFUSE, link, "dm")).as("asked by DM: not a public post")
                .isInstanceOfSatisfying(Reject.class,
                        r -> assertThat(r.code()).isEqualTo("customer_has_not_written_first"));
    }

    @Test
    void withDmInsteadAPublicReplyWithALinkGoesByDmToACustomerWhoDmedTheAccount() {
        aliceTweets(ROOT, T0);
        String link = "Track it at https://example.com/t/1";
        assertThat(withUrlReplies(UrlReplies.DM_INSTEAD, link, null)).isInstanceOfSatisfying(Reject.class, r -> {
            assertThat(r.code()).isEqualTo("url_reply_needs_dm");
            assertThat(r.message()).contains("@alice never sent a Direct Message to @acme_support");
        });

        aliceDms(SUPPORT, 1001, T0.plusSeconds(30));
        assertThat(withUrlReplies(UrlReplies.DM_INSTEAD, link, null)).isEqualTo(new Send("acme_support", SUPPORT,
                Mode.DM, ALICE, "alice", null, link, THREAD_KEY));
        assertThat(withUrlReplies(UrlReplies.DM_INSTEAD, "On its way", null)).as("no link: in public")
                .isInstanceOfSatisfying(Send.class, s -> assertThat(s.mode()).isEqualTo(Mode.PUBLIC));
        clock.advance(Duration.ofHours(25));
        assertThat(withUrlReplies(UrlReplies.DM_INSTEAD, link, null)).as("the DM window applies")
                .isInstanceOfSatisfying(Reject.class, r -> assertThat(r.code()).isEqualTo("outside_messaging_window"));
    }

    @Test
    void threadAnsweredByDmStillRespectsTheWindow() {
        aliceTweets(ROOT, T0);
        aliceDms(SUPPORT, 1001, T0.minus(Duration.ofHours(30)));

        assertThat(decide(THREAD_KEY, "Details by DM", null, "dm"))
                .isInstanceOfSatisfying(Reject.class, r -> assertThat(r.code()).isEqualTo("outside_messaging_window"));
    }

    // Rule 3: which account

    @Test
    void dmGoesFromTheAccountTheCustomerWroteToMostRecently() {
        aliceDms(SUPPORT, 1001, T0);
        aliceDms(BILLING, 1002, T0.plusSeconds(60));

        assertThat(decide(DM_KEY, "Hi", null, null)).isInstanceOfSatisfying(Send.class, s -> {
            assertThat(s.accountId()).isEqualTo(BILLING);
            assertThat(s.accountName()).isEqualTo("acme_billing");
        });

        aliceDms(SUPPORT, 1003, T0.plusSeconds(120));
        assertThat(decide("twitter:dm:43:7", "Hi", null, null))
                .isInstanceOfSatisfying(Send.class, s -> assertThat(s.accountId()).isEqualTo(SUPPORT));
    }

    @Test
    void explicitAccountIsHonouredWhenTheCustomerWroteToIt() {
        aliceDms(SUPPORT, 1001, T0);
        aliceDms(BILLING, 1002, T0.plusSeconds(60));

        assertThat(decide(DM_KEY, "Hi", "42", null))
                .isInstanceOfSatisfying(Send.class, s -> assertThat(s.accountName()).isEqualTo("acme_support"));
    }

    @Test
    void explicitAccountTheCustomerNeverWroteToIsRefused() {
        aliceDms(SUPPORT, 1001, T0);

        assertThat(decide(DM_KEY, "Hi", "99", null)).isInstanceOfSatisfying(Reject.class, r -> {
            assertThat(r.code()).isEqualTo("account_not_in_conversation");
            assertThat(r.message()).contains("99").contains("acme_support");
        });
    }

    @Test
    void threadIsAnsweredOnlyFromItsAccount() {
        aliceTweets(ROOT, T0);

        assertThat(decide(THREAD_KEY, "Hi", "42", null)).isInstanceOf(Send.class);
        assertThat(decide(THREAD_KEY, "Hi", "43", null))
                .isInstanceOfSatisfying(Reject.class, r -> assertThat(r.code()).isEqualTo("account_not_in_conversation"));
    }

    // Rule 4: the DM window

    @Test
    void twentyFiveHoursAfterTheCustomersLastMessageIsOutsideTheWindow() {
        aliceDms(SUPPORT, 1001, T0);
        clock.advance(Duration.ofHours(24));
        assertThat(decide(DM_KEY, "Hi", null, null)).as("exactly 24 hours is still inside").isInstanceOf(Send.class);

        clock.advance(Duration.ofHours(1));
        assertThat(decide(DM_KEY, "Hi", null, null)).isInstanceOfSatisfying(Reject.class, r -> {
            assertThat(r.code()).isEqualTo("outside_messaging_window");
            assertThat(r.message()).contains("last wrote 25 hours ago").contains("within 24 hours");
        });
    }

    @Test
    void sixthReplyInTheWindowIsRefused() {
        aliceDms(SUPPORT, 1001, T0);
        for (int i = 0; i < 5; i++) {
            assertThat(decide(DM_KEY, "Reply " + i, null, null)).isInstanceOf(Send.class);
            assertThat(reserve(SUPPORT, ALICE, 5)).isTrue();
        }

        assertThat(decide(DM_KEY, "Reply 6", null, null)).isInstanceOfSatisfying(Reject.class, r -> {
            assertThat(r.code()).isEqualTo("window_limit_reached");
            assertThat(r.message()).contains("5 replies already sent since the customer's last message");
        });
    }

    @Test
    void aNewCustomerMessageReopensTheWindow() {
        aliceDms(SUPPORT, 1001, T0);
        for (int i = 0; i < 5; i++) {
            reserve(SUPPORT, ALICE, 5);
        }
        clock.advance(Duration.ofHours(30));
        assertThat(decide(DM_KEY, "Hi", null, null)).isInstanceOf(Reject.class);

        aliceDms(SUPPORT, 1002, clock.instant().minusSeconds(10));
        assertThat(decide(DM_KEY, "Hi", null, null)).isInstanceOf(Send.class);
        assertThat(store.dmContact(SUPPORT, ALICE).orElseThrow().sendsSinceCustomerMessage()).isZero();
    }

    @Test
    void windowIsCountedPerAccount() {
        aliceDms(SUPPORT, 1001, T0.minus(Duration.ofHours(30)));
        aliceDms(BILLING, 1002, T0);

        assertThat(decide(DM_KEY, "Hi", null, null)).isInstanceOf(Send.class);
        assertThat(decide(DM_KEY, "Hi", "42", null))
                .isInstanceOfSatisfying(Reject.class, r -> assertThat(r.code()).isEqualTo("outside_messaging_window"));
    }

    // Rule 5: length, never cut

    @Test
    void dmMayHaveTenThousandCharacters() {
        aliceDms(SUPPORT, 1001, T0);

        assertThat(decide(DM_KEY, "你".repeat(10_000), null, null)).isInstanceOf(Send.class);
        assertThat(decide(DM_KEY, "😀".repeat(10_001), null, null)).isInstanceOfSatisfying(Reject.class, r -> {
            assertThat(r.code()).isEqualTo("text_too_long");
            assertThat(r.message()).contains("10001").contains("10000");
        });
    }

    @Test
    void publicReplyMayHave280WeightedCharacters() {
        aliceTweets(ROOT, T0);
        String url = "https://support.example.com/a/very/long/path/to/an/article/that/counts/only/twenty/three";

        assertThat(decide(THREAD_KEY, "a".repeat(256) + " " + url, null, null)).isInstanceOfSatisfying(Send.class,
                s -> assertThat(s.text()).endsWith(url));
        assertThat(decide(THREAD_KEY, "你".repeat(140), null, null)).isInstanceOf(Send.class);
        assertThat(decide(THREAD_KEY, "你".repeat(139) + "😀", null, null)).isInstanceOf(Send.class);
        assertThat(decide(THREAD_KEY, "你".repeat(140) + "!", null, null)).isInstanceOfSatisfying(Reject.class, r -> {
            assertThat(r.code()).isEqualTo("text_too_long");
            assertThat(r.message()).contains("281").contains("280");
        });
        assertThat(decide(THREAD_KEY, "a".repeat(257) + " " + url, null, null))
                .isInstanceOfSatisfying(Reject.class, r -> assertThat(r.message()).contains("281"));
    }

    // Order of the rules and bad input

    @Test
    void rulesAreCheckedInOrder() {
        aliceDms(SUPPORT, 1001, T0);
        clock.advance(Duration.ofHours(30));
        String tooLong = "x".repeat(10_001);

        assertThat(code(decide("twitter:dm:42:8", tooLong, "99", "public"))).isEqualTo("customer_has_not_written_first");
        assertThat(code(decide(DM_KEY, tooLong, "99", "public"))).isEqualTo("dm_never_public");
        assertThat(code(decide(DM_KEY, tooLong, "99", null))).isEqualTo("account_not_in_conversation");
        assertThat(code(decide(DM_KEY, tooLong, null, null))).isEqualTo("outside_messaging_window");
        clock.set(T0);
        assertThat(code(decide(DM_KEY, tooLong, null, null))).isEqualTo("text_too_long");
    }

    @Test
    void requestsThatSkippedTheParserAreStillRefused() {
        assertThat(code(decide("twitter:dm:x", "Hi", null, null))).isEqualTo("invalid_conversation_key");
        assertThat(code(decide(DM_KEY, "Hi", null, "fax"))).isEqualTo("invalid_mode");
        assertThat(code(decide(DM_KEY, "Hi", "acme", null))).isEqualTo("invalid_account_id");
    }

    @Test
    void durationsAreDescribedForPeople() {
        assertThat(ReplyPolicy.describe(Duration.ofMinutes(1))).isEqualTo("1 minute");
        assertThat(ReplyPolicy.describe(Duration.ofMinutes(59))).isEqualTo("59 minutes");
        assertThat(ReplyPolicy.describe(Duration.ofMinutes(61))).isEqualTo("1 hour");
        assertThat(ReplyPolicy.describe(Duration.ofHours(47))).isEqualTo("47 hours");
        assertThat(ReplyPolicy.describe(Duration.ofHours(80))).isEqualTo("3 days");
    }

    @Test
    void refusesANonsensicalConfiguration() {
        assertThatThrownBy(() -> new ReplyPolicy(store, clock, 0, Duration.ofHours(24)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReplyPolicy(store, clock, 5, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // Proactive DMs: the key names the account and the customer; no first message or window needed

    @Test
    void proactiveDmNeedsNoCustomerMessageAndIgnoresTheWindow() {
        ReplyPolicy proactive = new ReplyPolicy(store, clock, 5, Duration.ofHours(24),
                id -> id == SUPPORT ? java.util.Optional.of("acme_support") : java.util.Optional.empty(),
                UrlReplies.ALLOW);

        assertThat(proactive.decide(new ReplyRequest("p-1", DM_KEY, "Hi", null, "proactive")))
                .isEqualTo(new Send("acme_support", SUPPORT, Mode.DM, ALICE, null, null, "Hi", DM_KEY, true));
        aliceDms(SUPPORT, 100, T0.minus(Duration.ofDays(3)));
        assertThat(proactive.decide(new ReplyRequest("p-2", DM_KEY, "Hi", null, "proactive")))
                .isInstanceOfSatisfying(Send.class, s -> {
                    assertThat(s.proactive()).isTrue();
                    assertThat(s.recipientScreenName()).isEqualTo("alice");
                });
        assertThat(code(proactive.decide(new ReplyRequest("p-3", "twitter:dm:77:7", "Hi", null, "proactive"))))
                .isEqualTo("unknown_account");
        assertThat(code(proactive.decide(new ReplyRequest("p-4", DM_KEY, "x".repeat(10_001), null, "proactive"))))
                .isEqualTo("text_too_long");
        assertThat(code(decide(DM_KEY, "Hi", null, null))).as("without mode proactive the old rules hold")
                .isEqualTo("outside_messaging_window");
    }

    private static String code(ReplyDecision decision) {
        assertThat(decision).isInstanceOf(Reject.class);
        return ((Reject) decision).code();
    }
}
