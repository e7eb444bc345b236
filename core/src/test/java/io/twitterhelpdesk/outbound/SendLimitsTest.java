package io.twitterhelpdesk.outbound;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import io.twitterhelpdesk.conversation.MutableClock;
import io.twitterhelpdesk.conversation.TestDatabase;
import io.twitterhelpdesk.outbound.ReplyDecision.Mode;
import io.twitterhelpdesk.state.ConversationStore;
import io.twitterhelpdesk.state.IllegalReplyTransitionException;
import io.twitterhelpdesk.state.ReplyLedger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The slots a send takes (daily budget, rate budget, DM window) are taken in order and given back together. */
class SendLimitsTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final long ACCOUNT = 42;
    private static final long CUSTOMER = 7;

    private final MutableClock clock = new MutableClock(T0);
    private final DataSource db = TestDatabase.migrated();
    private final ConversationStore conversations = new ConversationStore(db, clock);
    private final DailySendBudget daily = new DailySendBudget(db, clock,
            DailySendBudget.everyAccount(Map.of(Mode.DM, 2, Mode.PUBLIC, 2)));
    private final SendBudget rate = new SendBudget(clock, Map.of(
            Mode.DM, new SendBudget.Limit(1, Duration.ofHours(24)),
            Mode.PUBLIC, new SendBudget.Limit(1, Duration.ofHours(3))));
    private final SendLimits limits = new SendLimits(daily, rate, conversations, 1);
    private final ReplyLedger ledger = new ReplyLedger(db, clock);

    @BeforeEach
    void customerWrote() {
        conversations.customerWroteDirectMessage(ACCOUNT, "support", CUSTOMER, "alice", 1001, T0);
    }

    @Test
    void aSendThatDidNotHappenGivesBackEverySlotItTook() throws Exception {
        OutgoingReply dm = dm("r-1", false);
        assertThat(limits.takeDaily(dm)).isEmpty();
        assertThat(startSend(dm)).isEmpty();
        assertThat(conversations.dmContact(ACCOUNT, CUSTOMER).orElseThrow().sendsSinceCustomerMessage()).isEqualTo(1);

        limits.giveBack(dm);

        assertThat(conversations.dmContact(ACCOUNT, CUSTOMER).orElseThrow().sendsSinceCustomerMessage()).isZero();
        OutgoingReply next = dm("r-2", false);
        assertThat(limits.takeDaily(next)).isEmpty();
        assertThat(startSend(next)).as("rate budget and window free again").isEmpty();
    }

    @Test
    void aSpentDmWindowRejectsAndGivesBackTheBudgetsItTook() throws Exception {
        OutgoingReply first = dm("r-1", false);
        limits.takeDaily(first);
        startSend(first);
        rate.giveBack("support", Mode.DM); // only the window stays spent

        OutgoingReply second = dm("r-2", false);
        assertThat(limits.takeDaily(second)).isEmpty();
        assertThat(startSend(second)).contains("1 replies already sent since the customer's last message");

        assertThat(conversations.dmContact(ACCOUNT, CUSTOMER).orElseThrow().sendsSinceCustomerMessage())
                .as("the window slot of the first reply stays").isEqualTo(1);
        assertThat(limits.takeDaily(dm("r-4", true))).as("r-2's daily slot was given back").isEmpty();
        rate.take("support", Mode.DM); // r-2's rate slot was given back: this one does not throw
    }

    @Test
    void aSpentRateBudgetIsAWaitThatGivesBackTheDailySlot() throws Exception {
        OutgoingReply first = publicReply("r-1");
        limits.takeDaily(first);
        startSend(first);

        OutgoingReply second = publicReply("r-2");
        assertThat(limits.takeDaily(second)).isEmpty();
        assertThatThrownBy(() -> startSend(second)).isInstanceOf(TwitterRateLimitedException.class);

        OutgoingReply third = publicReply("r-3");
        assertThat(limits.takeDaily(third)).as("r-2's daily slot was given back").isEmpty();
        assertThat(limits.takeDaily(publicReply("r-4"))).as("budget of 2: r-1 and r-3").isPresent();
    }

    @Test
    void aProactiveOrResumedDmTakesNoWindowSlotAndOnlyAResumedOneGivesOneBack() throws Exception {
        ledger.accepted("r-0", "twitter:dm:42:7");
        assertThat(ledger.sending("r-0", conversations.dmSendSlot(ACCOUNT, CUSTOMER, 1))).as("reserved before a stop")
                .isTrue();

        OutgoingReply proactive = dm("r-1", true);
        limits.takeDaily(proactive);
        assertThat(startSend(proactive)).as("no window for a proactive DM").isEmpty();
        limits.giveBack(proactive);
        assertThat(conversations.dmContact(ACCOUNT, CUSTOMER).orElseThrow().sendsSinceCustomerMessage()).isEqualTo(1);

        OutgoingReply resumed = new OutgoingReply("r-2", dm("r-2", false).send(), T0, null);
        limits.takeDaily(resumed);
        assertThat(startSend(resumed)).as("a resumed DM still holds its window slot").isEmpty();
        assertThat(conversations.dmContact(ACCOUNT, CUSTOMER).orElseThrow().sendsSinceCustomerMessage()).isEqualTo(1);
        limits.giveBack(resumed);
        assertThat(conversations.dmContact(ACCOUNT, CUSTOMER).orElseThrow().sendsSinceCustomerMessage()).isZero();
    }

    @Test
    void theWindowSlotIsTakenInOneCommitWithSendingOrNotAtAll() throws Exception {
        OutgoingReply dm = dm("r-1", false);
        ledger.accepted("r-1", "twitter:dm:42:7");
        ledger.rejected("r-1", "test", "rejected before it could be sent");
        limits.takeDaily(dm);

        assertThatThrownBy(() -> limits.startSend(dm, ledger)).isInstanceOf(IllegalReplyTransitionException.class);

        assertThat(conversations.dmContact(ACCOUNT, CUSTOMER).orElseThrow().sendsSinceCustomerMessage())
                .as("no window slot without the sending mark").isZero();
        OutgoingReply next = dm("r-2", false);
        assertThat(limits.takeDaily(next)).isEmpty();
        assertThat(startSend(next)).as("rate budget and window free").isEmpty();
        assertThat(ledger.reply("r-2").orElseThrow().state().value()).isEqualTo("sending");
    }

    /** The sender's step: the reply accepted first (once), as the reply intake does. */
    private java.util.Optional<String> startSend(OutgoingReply reply) throws TwitterRateLimitedException {
        ledger.accepted(reply.replyId(), reply.send().conversationKey());
        return limits.startSend(reply, ledger);
    }

    private static OutgoingReply dm(String replyId, boolean proactive) {
        return new OutgoingReply(replyId, new ReplyDecision.Send("support", ACCOUNT, Mode.DM, CUSTOMER, "alice", null,
                "Hello", "twitter:dm:42:7", proactive));
    }

    private static OutgoingReply publicReply(String replyId) {
        return new OutgoingReply(replyId, new ReplyDecision.Send("support", ACCOUNT, Mode.PUBLIC, CUSTOMER, "alice",
                500L, "Hello", "twitter:thread:500"));
    }
}
