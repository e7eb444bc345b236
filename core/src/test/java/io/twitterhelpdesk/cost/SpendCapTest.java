package io.twitterhelpdesk.cost;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.config.CostConfig;
import io.twitterhelpdesk.conversation.MutableClock;
import io.twitterhelpdesk.conversation.TestDatabase;
import io.twitterhelpdesk.e2e.support.TestAccounts;
import io.twitterhelpdesk.state.BillableUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The daily spend cap decides on the UTC day's spend in the state database: the optional spend stops and one WARN
 * comes at 80 %, polls and replies stop and one alert comes at the cap, the next UTC day everything goes again (one
 * alert saying so); a restart or another instance sees the same spend; the global cap counts every account; replies
 * to waiting customers go past the cap when configured so.
 */
class SpendCapTest {

    private static final String SUPPORT = "acme_support";
    private static final String SALES = "acme_sales";
    /** A DM costs 0.015 USD at the default rates. */
    private static final BigDecimal TEN_CENTS = new BigDecimal("0.10");

    private final DataSource state = TestDatabase.migrated();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T23:59:30Z"));
    private final AccountRegistry accounts = accounts();

    private static AccountRegistry accounts() {
        Map<String, String> p = TestAccounts.properties();
        return AccountRegistry.load(k -> Optional.ofNullable(p.get(k)));
    }

    /** One connector instance's meter on the shared state database. */
    private CostMeter meter() {
        CostMeter meter = new CostMeter(new BillableUsage(state), Rates.load(Rates.DEFAULT_FILE, "USD"), clock,
                new AccountApps(accounts, Optional.empty()), accounts.names());
        meter.identifyAccountsWith(name -> name.equals(SUPPORT) ? "42" : "43");
        return meter;
    }

    private static void dms(CostMeter meter, String account, int count) {
        for (int i = 0; i < count; i++) {
            meter.wrote(account, BillableUnit.DM_CREATE);
        }
    }

    private static List<String> types(List<SpendCapAlert> events) {
        return events.stream().map(SpendCapAlert::type).toList();
    }

    @Test
    void eightyPercentWarnsOnceAndStopsTheOptionalSpendOnly() {
        CostMeter meter = meter();
        SpendCap cap = SpendCap.of(meter, Optional.empty(), Map.of(SUPPORT, TEN_CENTS), false);
        dms(meter, SUPPORT, 5);
        // 0.075 of 0.10
        assertThat(cap.refusal(SUPPORT, SpendCap.Spend.OPTIONAL)).isEmpty();
        assertThat(cap.check()).isEmpty();

        dms(meter, SUPPORT, 1);
        // 0.090: 80 % reached
        assertThat(cap.refusal(SUPPORT, SpendCap.Spend.OPTIONAL)).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("Account acme_support spent an estimated 0.09 USD on 2026-12-06", "80 %");
        assertThat(cap.replyRefusal(SUPPORT, true)).as("a proactive reply is optional spend").isPresent();
        assertThat(cap.refusal(SUPPORT, SpendCap.Spend.NEEDED)).isEmpty();
        assertThat(cap.replyRefusal(SUPPORT, false)).isEmpty();
        assertThat(types(cap.check())).containsExactly(SpendCapAlert.WARNING);
        assertThat(cap.check()).as("once a day").isEmpty();
        assertThat(cap.refusal(SALES, SpendCap.Spend.OPTIONAL)).as("another account's spend").isEmpty();
    }

    @Test
    void theCapStopsPollsAndRepliesWithOneAlertAndTheNextUtcDayLiftsIt() {
        CostMeter meter = meter();
        SpendCap cap = SpendCap.of(meter, Optional.empty(), Map.of(SUPPORT, TEN_CENTS), false);
        dms(meter, SUPPORT, 6);
        assertThat(types(cap.check())).containsExactly(SpendCapAlert.WARNING);
        dms(meter, SUPPORT, 1);
        // 0.105 of 0.10
        assertThat(cap.refusal(SUPPORT, SpendCap.Spend.NEEDED)).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("0.105 USD", "daily spend cap of 0.10 USD (twitter.account.acme_support.daily-spend-cap)",
                        "polling paused and replies rejected");
        assertThat(cap.replyRefusal(SUPPORT, false)).isPresent();
        List<SpendCapAlert> reached = cap.check();
        assertThat(types(reached)).containsExactly(SpendCapAlert.REACHED);
        assertThat(reached.get(0).account()).isEqualTo(SUPPORT);
        assertThat(reached.get(0).spent()).isEqualByComparingTo("0.105");
        assertThat(cap.check()).as("one alert").isEmpty();

        // midnight UTC: a new day, nothing spent yet
        clock.advance(Duration.ofSeconds(31));
        assertThat(cap.refusal(SUPPORT, SpendCap.Spend.NEEDED)).isEmpty();
        assertThat(cap.refusal(SUPPORT, SpendCap.Spend.OPTIONAL)).isEmpty();
        List<SpendCapAlert> lifted = cap.check();
        assertThat(types(lifted)).containsExactly(SpendCapAlert.LIFTED);
        assertThat(lifted.get(0).message()).contains("2026-12-06 has ended");
        assertThat(cap.check()).isEmpty();
    }

    @Test
    void aRestartOrAnotherInstanceContinuesTheDaysSpend() {
        dms(meter(), SUPPORT, 7);
        // a new meter and cap on the same state database: nothing of the day is held in memory
        SpendCap other = SpendCap.of(meter(), Optional.empty(), Map.of(SUPPORT, TEN_CENTS), false);
        assertThat(other.refusal(SUPPORT, SpendCap.Spend.NEEDED)).isPresent();
        assertThat(types(other.check())).containsExactly(SpendCapAlert.REACHED);
        SpendCap afterARestart = SpendCap.of(meter(), Optional.empty(), Map.of(SUPPORT, TEN_CENTS), false);
        assertThat(afterARestart.check()).as("the alert was sent once: the state database says so").isEmpty();

        // nobody checked at midnight: the first check of the next day lifts the day that reached its cap
        clock.advance(Duration.ofDays(1));
        SpendCap nextDay = SpendCap.of(meter(), Optional.empty(), Map.of(SUPPORT, TEN_CENTS), false);
        assertThat(types(nextDay.check())).containsExactly(SpendCapAlert.LIFTED);
        assertThat(afterARestart.check()).isEmpty();
    }

    @Test
    void theGlobalCapCountsEveryAccountAndAnAccountsCapOnlyItsOwn() {
        CostMeter meter = meter();
        SpendCap global = SpendCap.of(meter, Optional.of(new BigDecimal("0.05")), Map.of(), false);
        SpendCap own = SpendCap.of(meter, Optional.empty(), Map.of(SUPPORT, new BigDecimal("0.05")), false);
        dms(meter, SUPPORT, 2);
        dms(meter, SALES, 2);
        // 0.03 each, 0.06 together
        assertThat(global.refusal(SUPPORT, SpendCap.Spend.NEEDED)).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("All accounts together spent an estimated 0.06 USD").contains("(cost.daily-cap)");
        assertThat(global.refusal(SALES, SpendCap.Spend.NEEDED)).isPresent();
        List<SpendCapAlert> reached = global.check();
        assertThat(types(reached)).containsExactly(SpendCapAlert.REACHED);
        assertThat(reached.get(0).account()).isNull();
        assertThat(own.refusal(SUPPORT, SpendCap.Spend.NEEDED)).isEmpty();
        assertThat(own.refusal(SALES, SpendCap.Spend.NEEDED)).as("no cap of its own").isEmpty();
    }

    @Test
    void repliesToWaitingCustomersGoPastTheCapWhenConfiguredSo() {
        CostMeter meter = meter();
        SpendCap cap = SpendCap.of(meter, Optional.empty(), Map.of(SUPPORT, TEN_CENTS), true);
        dms(meter, SUPPORT, 7);
        assertThat(cap.replyRefusal(SUPPORT, false)).as("an answer to a customer").isEmpty();
        assertThat(cap.replyRefusal(SUPPORT, true)).as("a proactive reply").isPresent();
        assertThat(cap.refusal(SUPPORT, SpendCap.Spend.NEEDED)).as("polling").isPresent();
    }

    @Test
    void noCapReadsNothingAndRefusesNothing() {
        CostMeter meter = meter();
        SpendCap cap = SpendCap.of(meter, Optional.empty(), Map.of(), false);
        dms(meter, SUPPORT, 100);
        assertThat(cap.capsAnything()).isFalse();
        assertThat(cap.refusal(SUPPORT, SpendCap.Spend.NEEDED)).isEmpty();
        assertThat(cap.check()).isEmpty();
    }

    @Test
    void anAccountsCapIsRefusedNamingItsKey() {
        String key = "twitter.account.acme_support.daily-spend-cap";
        assertThat(CostConfig.cap(key, Optional.of(" "))).isEmpty();
        assertThat(CostConfig.cap(key, Optional.of("2.50"))).contains(new BigDecimal("2.50"));
        assertThatThrownBy(() -> CostConfig.cap(key, Optional.of("-1")))
                .hasMessage(key + " must be more than 0 and at most 1000000 (leave it empty for no cap), not -1");
        assertThatThrownBy(() -> CostConfig.cap(key, Optional.of("0"))).hasMessageStartingWith(key + " must be more");
        assertThatThrownBy(() -> CostConfig.cap(key, Optional.of("5000000"))).hasMessageStartingWith(key);
        assertThatThrownBy(() -> CostConfig.cap(key, Optional.of("5$")))
                .hasMessage(key + " must be an amount such as 25 or 2.50, not '5$'");
    }
}
