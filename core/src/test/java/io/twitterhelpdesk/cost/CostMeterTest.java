package io.twitterhelpdesk.cost;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.conversation.MutableClock;
import io.twitterhelpdesk.conversation.TestDatabase;
import io.twitterhelpdesk.e2e.support.TestAccounts;
import io.twitterhelpdesk.state.BillableUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cost meter bills as X does (and as the sandbox's invoice does): a resource read twice by one app in one UTC day
 * once, writes per request, the day's counts kept in the state database across a restart and shared by two
 * instances, a new UTC day billed anew, and its daily summary once the day has ended.
 */
class CostMeterTest {

    private static final String SUPPORT = "acme_support";
    private static final String SALES = "acme_sales";
    private static final Instant NOON = Instant.parse("2026-12-06T12:00:00Z");

    private final DataSource state = TestDatabase.migrated();
    private final MutableClock clock = new MutableClock(NOON);
    private final AccountRegistry accounts = accounts();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private static AccountRegistry accounts() {
        Map<String, String> p = TestAccounts.properties();
        return AccountRegistry.load(k -> Optional.ofNullable(p.get(k)));
    }

    /** One connector instance's meter on the shared state database. */
    private CostMeter instance() {
        return instance(state);
    }

    private CostMeter instance(DataSource database) {
        CostMeter meter = new CostMeter(new BillableUsage(database), Rates.load(Rates.DEFAULT_FILE, "USD"), clock,
                new AccountApps(accounts, Optional.empty()), accounts.names());
        meter.identifyAccountsWith(name -> name.equals(SUPPORT) ? "42" : "43");
        return meter;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> units(Map<String, Object> usage, int day) {
        List<Map<String, Object>> days = (List<Map<String, Object>>) usage.get("days");
        return (Map<String, Long>) days.get(day).get("units");
    }

    @Test
    void aDmEventReadTwiceInOneUtcDayIsBilledOnceAndWritesEachTime() {
        CostMeter meter = instance();
        meter.publishTo(meters);

        meter.read(SUPPORT, BillableUnit.DM_EVENT_READ, List.of("1001", "1002", "1003"));
        meter.read(SUPPORT, BillableUnit.DM_EVENT_READ, List.of("1003", "1002", "1004"));
        meter.wrote(SUPPORT, BillableUnit.POST_CREATE_WITH_URL);
        meter.wrote(SUPPORT, BillableUnit.POST_CREATE_WITH_URL);
        meter.wrote(SUPPORT, BillableUnit.postCreate("thanks, on its way"));

        Map<String, Object> usage = new UsageReport(meter).usage(SUPPORT, null, null);
        assertThat(units(usage, 0)).containsExactlyInAnyOrderEntriesOf(Map.of("dm_event_read", 4L,
                "post_create_with_url", 2L, "post_create", 1L));
        // 4 x 0.010 + 2 x 0.200 + 0.015
        assertThat(usage.get("totalCost")).isEqualTo(new BigDecimal("0.455000"));
        assertThat(usage.get("accountId")).isEqualTo("42");
        assertThat(new UsageReport(meter).usage("42", "2026-12-06", "2026-12-06")).isEqualTo(usage);
        assertThat(meters.get("twitter.helpdesk.x.billable.units").tags("account", SUPPORT, "unit", "dm_event_read")
                .counter().count()).isEqualTo(4.0);
        assertThat(meters.get("twitter.helpdesk.x.estimated.cost").tags("account", SUPPORT, "currency", "USD")
                .counter().count()).isCloseTo(0.455, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(meters.get("twitter.helpdesk.x.billable.units").tags("account", SALES, "unit", "dm_create")
                .counter().count()).as("every account's series from 0").isZero();
    }

    @Test
    void aPushedEventOfAResourceAlreadyPolledTodayIsNotBilledAgainButAnotherAppReadsItAnew() {
        CostMeter meter = instance();
        meter.read(SUPPORT, BillableUnit.POST_READ, List.of("9001"));
        meter.pushed(SUPPORT, "42", BillableUnit.POST_READ, "9001");
        meter.pushed(SUPPORT, "42", BillableUnit.DM_EVENT_READ, "7001");
        meter.pushed(SUPPORT, "42", BillableUnit.DM_EVENT_READ, "7001");

        assertThat(units(new UsageReport(meter).usage(SUPPORT, null, null), 0))
                .containsExactlyInAnyOrderEntriesOf(Map.of("post_read", 1L, "dm_event_read", 1L));

        // the X Activity API subscription of another app (twitter.app.consumer-key) is billed for its own reads
        CostMeter otherApp = new CostMeter(new BillableUsage(state), Rates.load(Rates.DEFAULT_FILE, "USD"), clock,
                new AccountApps(accounts, Optional.of("xaa-app")), accounts.names());
        otherApp.pushed(SUPPORT, "42", BillableUnit.POST_READ, "9001");
        assertThat(units(new UsageReport(meter).usage(SUPPORT, null, null), 0)).containsEntry("post_read", 2L);
    }

    @Test
    void aRestartMidDayContinuesTheDaysCountsAndDoesNotBillAgain() {
        CostMeter before = instance();
        before.read(SUPPORT, BillableUnit.DM_EVENT_READ, List.of("1", "2", "3"));
        clock.advance(java.time.Duration.ofHours(3));

        CostMeter after = instance();
        after.read(SUPPORT, BillableUnit.DM_EVENT_READ, List.of("1", "2", "3", "4"));

        assertThat(units(new UsageReport(after).usage(SUPPORT, null, null), 0))
                .containsExactlyEntriesOf(Map.of("dm_event_read", 4L));
    }

    @Test
    void twoInstancesOnOneStateDatabaseBillEachResourceOnceEvenAtTheSameMoment() throws Exception {
        // two connection pools on one database, as two processes have: each its own group commit, the database between
        String url = "jdbc:h2:mem:cost-shared-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        org.h2.jdbcx.JdbcConnectionPool first = org.h2.jdbcx.JdbcConnectionPool.create(url, "sa", "");
        org.h2.jdbcx.JdbcConnectionPool second = org.h2.jdbcx.JdbcConnectionPool.create(url, "sa", "");
        org.flywaydb.core.Flyway.configure().dataSource(first).locations("classpath:db/migration").load().migrate();
        CostMeter one = instance(first);
        CostMeter two = instance(second);
        List<String> ids = IntStream.range(0, 200).mapToObj(i -> Long.toString(5_000 + i)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> reads = new ArrayList<>();
        try {
            for (int t = 0; t < 8; t++) {
                CostMeter meter = t % 2 == 0 ? one : two;
                int shift = t * 25;
                reads.add(pool.submit(() -> {
                    go.await();
                    // each thread reads every id, in pages of 20 starting at its own place
                    for (int from = 0; from < ids.size(); from += 20) {
                        List<String> page = new ArrayList<>();
                        for (int i = from; i < from + 20; i++) {
                            page.add(ids.get((i + shift) % ids.size()));
                        }
                        meter.read(SALES, BillableUnit.DM_EVENT_READ, page);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> read : reads) {
                read.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(units(new UsageReport(one).usage(SALES, null, null), 0))
                .containsExactlyEntriesOf(Map.of("dm_event_read", 200L));
        assertThat(new UsageReport(two).usage("43", null, null).get("totalCost")).isEqualTo(new BigDecimal("2.000000"));
        Map<String, Object> seenByOne = new UsageReport(one).usage(SALES, null, null);
        assertThat(new UsageReport(two).usage(SALES, null, null)).isEqualTo(seenByOne);
        first.dispose();
        second.dispose();
    }

    @Test
    void theClockCrossingMidnightUtcBillsTheNewDayAnewAndTheEndedDayIsSummarisedOnce() {
        clock.set(Instant.parse("2026-12-06T23:59:59.900Z"));
        CostMeter meter = instance();
        UsageReport report = new UsageReport(meter);
        meter.read(SUPPORT, BillableUnit.DM_EVENT_READ, List.of("1", "2"));
        meter.read(SUPPORT, BillableUnit.USER_READ, List.of("1000"));
        meter.wrote(SUPPORT, BillableUnit.DM_CREATE);
        assertThat(report.summarizeEndedDay()).as("the day has not ended").isEmpty();

        clock.set(Instant.parse("2026-12-07T00:00:00.050Z"));
        meter.read(SUPPORT, BillableUnit.DM_EVENT_READ, List.of("2", "3"));

        Map<String, Object> usage = new UsageReport(meter).usage(SUPPORT, "2026-12-06", "2026-12-07");
        assertThat(units(usage, 0)).containsExactlyInAnyOrderEntriesOf(Map.of("dm_event_read", 2L, "user_read", 1L,
                "dm_create", 1L));
        assertThat(units(usage, 1)).as("dm event 2 read again on a new UTC day is billed again")
                .containsExactlyEntriesOf(Map.of("dm_event_read", 2L));

        List<String> lines = report.summarizeEndedDay();
        assertThat(lines).containsExactly(
                "X usage of account acme_support (42) on 2026-12-06: 1 dm_create, 2 dm_event_read, 1 user_read; "
                        + "estimated cost 0.045000 USD",
                "X usage of account acme_sales on 2026-12-06: nothing billed; estimated cost 0.000000 USD");
        assertThat(report.summarizeEndedDay()).as("once per ended day").isEmpty();
        // the new day goes on: dm event 3, read already today, is not billed again
        meter.read(SUPPORT, BillableUnit.DM_EVENT_READ, List.of("3"));
        assertThat(units(new UsageReport(meter).usage(SUPPORT, "2026-12-07", "2026-12-07"), 0)).containsEntry("dm_event_read", 2L);
    }

    @Test
    void aBurstOfConcurrentReadsAcrossMidnightUtcBillsEachResourceOncePerDay() throws Exception {
        clock.set(Instant.parse("2026-12-06T23:59:59Z"));
        CostMeter meter = instance();
        List<String> evening = IntStream.range(0, 100).mapToObj(i -> Long.toString(10_000 + i)).toList();
        List<String> morning = IntStream.range(50, 150).mapToObj(i -> Long.toString(10_000 + i)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        java.util.concurrent.CyclicBarrier midnight = new java.util.concurrent.CyclicBarrier(4,
                () -> clock.set(Instant.parse("2026-12-07T00:00:00.001Z")));
        List<Future<?>> readers = new ArrayList<>();
        try {
            for (int t = 0; t < 4; t++) {
                int shift = t * 10;
                readers.add(pool.submit(() -> {
                    for (List<String> ids : List.of(evening, morning)) {
                        for (int from = 0; from < ids.size(); from += 10) {
                            List<String> page = new ArrayList<>();
                            for (int i = from; i < from + 10; i++) {
                                page.add(ids.get((i + shift) % ids.size()));
                            }
                            meter.read(SUPPORT, BillableUnit.DM_EVENT_READ, page);
                        }
                        if (ids == evening) {
                            midnight.await(30, TimeUnit.SECONDS);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> reader : readers) {
                reader.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, Object> usage = new UsageReport(meter).usage(SUPPORT, "2026-12-06", "2026-12-07");
        assertThat(units(usage, 0)).as("2026-12-06").containsExactlyEntriesOf(Map.of("dm_event_read", 100L));
        assertThat(units(usage, 1)).as("2026-12-07: the 50 read on both days are billed again")
                .containsExactlyEntriesOf(Map.of("dm_event_read", 100L));
    }

    @Test
    void theUsageApiRefusesAnUnknownAccountAndBadDates() {
        CostMeter meter = instance();
        assertThatThrownBy(() -> new UsageReport(meter).usage("acme_nobody", null, null))
                .isInstanceOf(UnknownUsageAccountException.class).hasMessageContaining("acme_nobody");
        assertThatThrownBy(() -> new UsageReport(meter).usage(SUPPORT, "06/12/2026", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from must be a date");
        assertThatThrownBy(() -> new UsageReport(meter).usage(SUPPORT, "2026-12-07", "2026-12-06"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is after to");
        assertThatThrownBy(() -> new UsageReport(meter).usage(SUPPORT, "2024-01-01", "2026-12-06"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("366 days");
        assertThat(new UsageReport(meter).usage(SUPPORT, null, null).get("days")).asList().isEmpty();
    }

    @Test
    void aCallToXIsNotFailedWhenTheStateDatabaseCannotCount() throws Exception {
        org.h2.jdbcx.JdbcConnectionPool broken = org.h2.jdbcx.JdbcConnectionPool.create(
                "jdbc:h2:mem:cost-no-schema-" + java.util.UUID.randomUUID(), "sa", "");
        CostMeter meter = new CostMeter(new BillableUsage(broken), Rates.load(Rates.DEFAULT_FILE, "USD"), clock,
                new AccountApps(accounts, Optional.empty()), accounts.names());
        meter.identifyAccountsWith(name -> "42");
        // no billable_usage table: the reads and the send X took stand, their units are not counted (one WARN each)
        org.assertj.core.api.Assertions.assertThatCode(() -> {
            meter.read(SUPPORT, BillableUnit.DM_EVENT_READ, List.of("1"));
            meter.wrote(SUPPORT, BillableUnit.DM_CREATE);
        }).doesNotThrowAnyException();
        broken.dispose();
    }

    @Test
    void v2AnswersAreBilledByWhatTheirDataHolds() throws Exception {
        ObjectMapper json = new ObjectMapper();
        var dmPage = json.readTree("{\"data\":[{\"id\":\"1\"},{\"id\":\"2\"}],\"includes\":{\"users\":[{\"id\":\"7\"}]}}");
        assertThat(V2Usage.of("GET", "dm_events", null, dmPage)).contains(
                new V2Usage.Billed(BillableUnit.DM_EVENT_READ, List.of("1", "2")));
        assertThat(V2Usage.of("GET", "users/42/mentions", null, dmPage).orElseThrow().unit())
                .isEqualTo(BillableUnit.POST_READ);
        assertThat(V2Usage.of("GET", "users/me", null, json.readTree("{\"data\":{\"id\":\"42\"}}"))).contains(
                new V2Usage.Billed(BillableUnit.USER_READ, List.of("42")));
        assertThat(V2Usage.of("GET", "users/by/username/alice", null, json.readTree("{\"data\":{\"id\":\"7\"}}")))
                .contains(new V2Usage.Billed(BillableUnit.USER_READ, List.of("7")));
        assertThat(V2Usage.of("POST", "tweets", "{\"text\":\"see https://x.com/a\"}", json.readTree("{}"))
                .orElseThrow().unit()).isEqualTo(BillableUnit.POST_CREATE_WITH_URL);
        assertThat(V2Usage.of("POST", "tweets", "{\"text\":\"no link, httpx\"}", json.readTree("{}"))
                .orElseThrow().unit()).isEqualTo(BillableUnit.POST_CREATE);
        assertThat(V2Usage.of("POST", "dm_conversations/with/7/messages", "{\"text\":\"hi\"}", json.readTree("{}"))
                .orElseThrow().unit()).isEqualTo(BillableUnit.DM_CREATE);
        assertThat(V2Usage.of("POST", "media/upload", null, json.readTree("{}"))).isEmpty();
        assertThat(V2Usage.of("GET", "webhooks", null, json.readTree("{\"data\":[{\"id\":\"1\"}]}"))).isEmpty();
        assertThat(V2Usage.of("GET", "dm_events", null, json.readTree("{\"meta\":{\"result_count\":0}}"))
                .orElseThrow().resourceIds()).isEmpty();
    }

    @Test
    void theAppOfAnOAuth2AccountIsItsConsumerKeyElseTheAppsElseItsClientId() {
        Map<String, String> p = new java.util.HashMap<>(TestAccounts.properties());
        p.put("twitter.account.acme_sales.api", "v2");
        p.put("twitter.account.acme_sales.auth", "oauth2");
        p.put("twitter.account.acme_sales.oauth2-client-id", "client-9");
        p.put("twitter.account.acme_sales.oauth2-refresh-token", "refresh");
        p.remove("twitter.account.acme_sales.consumer-key");
        AccountRegistry oauth2 = AccountRegistry.load(k -> Optional.ofNullable(p.get(k)));
        assertThat(new AccountApps(oauth2, Optional.empty()).of(SUPPORT)).isEqualTo("ck-test");
        assertThat(new AccountApps(oauth2, Optional.empty()).of(SALES)).isEqualTo("oauth2:client-9");
        assertThat(new AccountApps(oauth2, Optional.of("app-key")).of(SALES)).isEqualTo("app-key");
        assertThat(new AccountApps(oauth2, Optional.of("app-key")).activity(SUPPORT)).isEqualTo("app-key");
        assertThat(new AccountApps(oauth2, Optional.empty()).activity(SUPPORT)).isEqualTo("ck-test");
    }

    @Test
    void theShippedRatesAreTheBillingRules() {
        Rates rates = Rates.load(Rates.DEFAULT_FILE, "USD");
        assertThat(rates.prices()).containsExactlyInAnyOrderEntriesOf(Map.of(
                BillableUnit.DM_EVENT_READ, new BigDecimal("0.010"), BillableUnit.POST_READ, new BigDecimal("0.005"),
                BillableUnit.USER_READ, new BigDecimal("0.010"), BillableUnit.POST_CREATE, new BigDecimal("0.015"),
                BillableUnit.POST_CREATE_WITH_URL, new BigDecimal("0.200"),
                BillableUnit.DM_CREATE, new BigDecimal("0.015")));
    }
}
