package io.twitterhelpdesk.outbound;

import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import io.twitterhelpdesk.conversation.MutableClock;
import io.twitterhelpdesk.conversation.TestDatabase;
import io.twitterhelpdesk.outbound.ReplyDecision.Mode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DailySendBudgetTest {

    private final DataSource db = TestDatabase.migrated();
    private final MutableClock clock = new MutableClock(java.time.Instant.parse("2026-11-22T00:00:00Z"));
    private final DailySendBudget budget = new DailySendBudget(db, clock,
            DailySendBudget.everyAccount(Map.of(Mode.DM, 2, Mode.PUBLIC, 1)));

    @Test
    void countsPerAccountAndModeOverARolling24Hours() {
        assertThat(budget.take("support", Mode.DM, "r1")).isEmpty();
        clock.advance(Duration.ofHours(1));
        assertThat(budget.take("support", Mode.DM, "r2")).isEmpty();

        assertThat(budget.take("support", Mode.DM, "r3")).hasValueSatisfying(m -> assertThat(m)
                .contains("support", "2 Direct Messages", "daily budget (2)", "frees at"));
        assertThat(budget.take("sales", Mode.DM, "r4")).isEmpty();
        assertThat(budget.take("support", Mode.PUBLIC, "r5")).isEmpty();

        clock.advance(Duration.ofHours(23).plusSeconds(1));
        assertThat(budget.take("support", Mode.DM, "r3")).as("the first send left the window").isEmpty();
        assertThat(budget.take("support", Mode.DM, "r6")).isPresent();
    }

    @Test
    void aReplyKeepsItsSlotAndGivesItBackWhenNotSent() {
        budget.take("support", Mode.DM, "r1");
        budget.take("support", Mode.DM, "r2");

        assertThat(budget.take("support", Mode.DM, "r2")).as("a resumed send holds its slot").isEmpty();
        budget.giveBack("r2");
        assertThat(budget.take("support", Mode.DM, "r7")).isEmpty();
    }

    @Test
    void aBudgetOfZeroIsNoBudget() {
        DailySendBudget off = new DailySendBudget(db, clock, DailySendBudget.everyAccount(Map.of(Mode.DM, 0)));
        for (int i = 0; i < 5; i++) {
            assertThat(off.take("support", Mode.DM, "x" + i)).isEmpty();
        }
    }

    @Test
    void twitterRefusalsOfTheRecipientAreRecognisedOnBothApis() {
        assertThat(TwitterSender.refusesDirectMessages(new io.twitterhelpdesk.xapi.XApiException("POST", 403,
                "You are not permitted to send Direct Messages to this user.", null))).isTrue();
        assertThat(TwitterSender.refusesDirectMessages(new io.twitterhelpdesk.xapi.XApiException("POST", 403,
                "Forbidden", null))).as("missing dm.write scope is not the customer's choice").isFalse();
    }
}
