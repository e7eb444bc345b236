package io.twitterhelpdesk.inbound;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import java.util.concurrent.CopyOnWriteArrayList;

import io.twitterhelpdesk.conversation.MutableClock;
import io.twitterhelpdesk.conversation.TestDatabase;
import io.twitterhelpdesk.cost.SpendCap;
import io.twitterhelpdesk.state.BillableUsage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reached daily spend cap keeps due polls from running, with one INFO line when a channel pauses and one when it
 * goes again (not a line per poll); the polls of an account the X Activity API pushes as well stop from 80 %.
 */
class PollGateSpendCapTest {

    private static final String SUPPORT = "acme_support";
    private static final String PUSHED = "acme_pushed";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T23:59:00Z"));
    private final BillableUsage usage = new BillableUsage(TestDatabase.migrated());
    private final SpendCap cap = new SpendCap(usage, clock, Optional.empty(),
            Map.of(SUPPORT, new BigDecimal("1.00"), PUSHED, new BigDecimal("1.00")),
            name -> name.equals(SUPPORT) ? "42" : "43", false, "USD");
    private final PollGate gate = new PollGate(clock, Duration.ofSeconds(10), Duration.ofMinutes(1),
            PollObserver.NONE, cap, PUSHED::equals);
    private final Logger logger = (Logger) LogManager.getLogger(PollGate.class.getName());
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AbstractAppender log = new AbstractAppender("poll-gate-lines", null, null, true,
            Property.EMPTY_ARRAY) {
        @Override
        public void append(LogEvent event) {
            lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
        }
    };

    {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void detach() {
        logger.removeAppender(log);
        log.stop();
    }

    private void spend(String accountId, String amount) {
        usage.bill(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), "app", accountId, "dm_create", null,
                List.of(), 1, new BigDecimal(amount));
    }

    private List<String> lines() {
        return List.copyOf(lines);
    }

    @Test
    void aReachedCapSkipsDuePollsWithOneLineAndTheNextDayOpensThem() {
        spend("42", "0.85");
        assertThat(gate.isOpen(SUPPORT, PolledMessage.DM)).as("80 %: polling is needed spend").isTrue();
        spend("42", "0.15");
        for (int poll = 0; poll < 5; poll++) {
            assertThat(gate.isOpen(SUPPORT, PolledMessage.DM)).isFalse();
        }
        assertThat(lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("INFO Polling dm of account acme_support paused by the daily spend cap")
                .contains("1 USD on 2026-12-06", "twitter.account.acme_support.daily-spend-cap"));

        clock.advance(Duration.ofMinutes(1));
        assertThat(gate.isOpen(SUPPORT, PolledMessage.DM)).isTrue();
        assertThat(gate.isOpen(SUPPORT, PolledMessage.DM)).isTrue();
        assertThat(lines()).hasSize(2).last().asString()
                .isEqualTo("INFO Polling dm of account acme_support goes again: the daily spend cap no longer stops it");
    }

    @Test
    void thePollsOfAnAccountThePushBringsAsWellStopAtEightyPercent() {
        spend("43", "0.79");
        assertThat(gate.isOpen(PUSHED, PolledMessage.DM)).isTrue();
        spend("43", "0.01");
        assertThat(gate.isOpen(PUSHED, PolledMessage.DM)).isFalse();
        assertThat(gate.isOpen(SUPPORT, PolledMessage.DM)).as("another account's spend").isTrue();
    }
}
