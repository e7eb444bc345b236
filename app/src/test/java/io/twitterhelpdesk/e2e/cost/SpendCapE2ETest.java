package io.twitterhelpdesk.e2e.cost;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.twitterhelpdesk.api.ContractDocuments;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.QueueReader.Received;
import io.twitterhelpdesk.e2e.support.ReplyApi;
import io.twitterhelpdesk.e2e.support.RunningConnector;
import io.twitterhelpdesk.e2e.support.TestAccounts;
import io.twitterhelpdesk.e2e.support.TestClock;
import io.twitterhelpdesk.sandbox.DirectMessageRef;
import io.twitterhelpdesk.sandbox.UsageRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daily spend cap end to end (issue 23 part 2): acme_support with a cap of 0.15 USD a day polls DMs until the
 * sandbox's invoice for the day reaches it, then stops spending (no more polls billed, a reply rejected
 * {@code daily_spend_cap_reached}, one {@code spend_cap_reached} alert); once the sandbox's billing clock and the
 * connector's clock are past midnight UTC, the polls go again, the waiting DMs arrive, replies go out, and one
 * {@code spend_cap_lifted} alert says so.
 */
class SpendCapE2ETest {

    private static final String INBOUND = "twitter.inbound";
    private static final String ALERTS = "twitter.alerts";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final BigDecimal CAP = new BigDecimal("0.15");
    /** What one poll of one new DM bills at most: the DM event and its sender's look-up. */
    private static final BigDecimal ONE_POLL = new BigDecimal("0.02");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    private ConnectorHarness harness;
    private final TestClock clock = new TestClock();
    private ReplyApi api;

    @BeforeEach
    void start() throws Exception {
        // the connector's day is the real one, at 23:59:00 UTC, so that midnight is a minute's jump away
        Instant now = Instant.now();
        Instant late = LocalDate.ofInstant(now, ZoneOffset.UTC).atTime(23, 59).toInstant(ZoneOffset.UTC);
        clock.advance(Duration.between(now, late));
        harness = new ConnectorHarness(dataDir);
        harness.sandbox.setUsageClock(clock.instant());
        harness.properties.put("api.keys", ReplyApi.API_KEY);
        harness.properties.put("outbound.retry-delay", "100");
        harness.properties.put("twitter.account.acme_support.daily-spend-cap", CAP.toPlainString());
        harness.properties.put("cost.cap.check-interval", "300");
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void theCapStopsSpendingWithinOnePollAndTheNextUtcDayResumes() throws Exception {
        harness.start(java.util.Map.of("clock", clock));
        api = new ReplyApi(harness.apiBaseUrl());
        LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        // DMs from new customers, one at a time, until one is no longer taken in: the cap stopped the polls
        List<DirectMessageRef> waiting = new ArrayList<>();
        DirectMessageRef first = null;
        for (int i = 0; i < 10 && waiting.isEmpty(); i++) {
            DirectMessageRef dm = harness.sandbox.injectDirectMessage("customer" + i, "acme_support",
                    "question " + i, List.of());
            if (!taken()) {
                waiting.add(dm);
            } else if (first == null) {
                first = dm;
            }
        }
        assertThat(waiting).as("a DM the capped polls leave for the next day").hasSize(1);
        assertThat(first).isNotNull();
        BigDecimal spent = invoiceOfSupport(day);
        assertThat(spent).as("the sandbox's invoice: the cap reached").isGreaterThanOrEqualTo(CAP);
        assertThat(spent.subtract(CAP)).as("and passed by less than the last poll").isLessThan(ONE_POLL);

        // capped: a reply is rejected, not sent
        assertThat(api.post("r-1", "twitter:dm:" + TestAccounts.SUPPORT_ID + ":" + first.senderId(),
                "We are on it", null, WAIT)).isIn(200, 202);
        JsonNode rejected = api.finalStatus("r-1", WAIT);
        assertThat(rejected.path("status").asText()).isEqualTo("rejected");
        assertThat(rejected.path("error").path("code").asText()).isEqualTo("daily_spend_cap_reached");
        assertThat(rejected.path("error").path("message").asText())
                .contains("acme_support", "twitter.account.acme_support.daily-spend-cap");
        assertThat(harness.sandbox.sentDirectMessages()).isEmpty();

        // one alert
        List<Received> reached = harness.jms().receive(ALERTS, 1, WAIT);
        reached.addAll(harness.jms().drain(ALERTS, QUIET));
        assertThat(reached).hasSize(1);
        assertThat(reached.get(0).properties()).containsEntry("AlertType", "spend_cap_reached");
        JsonNode alert = JSON.readTree(reached.get(0).body());
        assertThat(alert.path("account").asText()).isEqualTo("acme_support");
        assertThat(alert.path("day").asText()).isEqualTo(day.toString());
        assertThat(new BigDecimal(alert.path("cap").asText())).isEqualByComparingTo(CAP);
        assertThat(alert.path("currency").asText()).isEqualTo("USD");
        assertThat(alertSchema().validate(alert)).as("the documented schema").isEmpty();

        // nothing more billed while capped, however long the polls wait
        harness.sandbox.injectDirectMessage("late", "acme_support", "hello?", List.of());
        assertThat(harness.jms().receive(INBOUND, 1, QUIET)).isEmpty();
        assertThat(invoiceOfSupport(day)).isEqualByComparingTo(spent);

        // midnight UTC on both clocks: the polls go again and take the waiting DMs in
        Instant midnight = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        harness.sandbox.setUsageClock(midnight.plusSeconds(5));
        clock.advance(Duration.between(clock.instant(), midnight.plusSeconds(5)));
        assertThat(harness.jms().receive(INBOUND, 2, WAIT)).hasSize(2);
        assertThat(invoiceOfSupport(day.plusDays(1))).isPositive();
        List<Received> lifted = harness.jms().receive(ALERTS, 1, WAIT);
        lifted.addAll(harness.jms().drain(ALERTS, QUIET));
        assertThat(lifted).hasSize(1);
        assertThat(lifted.get(0).properties()).containsEntry("AlertType", "spend_cap_lifted");
        JsonNode liftedAlert = JSON.readTree(lifted.get(0).body());
        assertThat(liftedAlert.path("account").asText()).isEqualTo("acme_support");
        assertThat(liftedAlert.path("day").asText()).isEqualTo(day.plusDays(1).toString());
        assertThat(alertSchema().validate(liftedAlert)).isEmpty();

        // and replies go out
        assertThat(api.post("r-2", "twitter:dm:" + TestAccounts.SUPPORT_ID + ":" + first.senderId(),
                "Sorted, thanks for waiting", null, WAIT)).isIn(200, 202);
        assertThat(api.finalStatus("r-2", WAIT).path("status").asText()).isEqualTo("sent");
    }

    private static JsonSchema alertSchema() throws Exception {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(JSON.readTree(
                ContractDocuments.document("twitter-helpdesk-spend-cap-alert-v1.schema.json")),
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    }

    @Test
    void aNegativeOrAbsurdCapRefusesTheStartNamingTheKey() {
        harness.properties.put("twitter.account.acme_support.daily-spend-cap", "-5");
        assertThat(RunningConnector.refusal(harness.properties).getMessage()).startsWith(
                "twitter.account.acme_support.daily-spend-cap must be more than 0 and at most 1000000");
        harness.properties.remove("twitter.account.acme_support.daily-spend-cap");
        harness.properties.put("cost.daily-cap", "1e12");
        assertThat(RunningConnector.refusal(harness.properties).getMessage())
                .startsWith("cost.daily-cap must be more than 0 and at most 1000000");
    }

    /**
     * Whether the DM just injected is taken in: it is not once the day's invoice has reached the cap and nothing
     * arrives for a while (a slow poll before the cap is waited for).
     */
    private boolean taken() throws Exception {
        long until = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < until) {
            if (!harness.jms().receive(INBOUND, 1, QUIET).isEmpty()) {
                return true;
            }
            if (invoiceOfSupport(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)).compareTo(CAP) >= 0) {
                // the poll that reached the cap may still be delivering: one more wait for it
                return !harness.jms().receive(INBOUND, 1, QUIET).isEmpty();
            }
        }
        return false;
    }

    /** acme_support's spend on that day as the sandbox bills it. */
    private BigDecimal invoiceOfSupport(LocalDate day) {
        return harness.sandbox.usage(day).rows().stream()
                .filter(row -> Long.toString(TestAccounts.SUPPORT_ID).equals(row.accountId()))
                .map(UsageRow::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
