package io.twitterhelpdesk.e2e.operations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import io.twitterhelpdesk.e2e.support.QueueReader.Received;
import io.twitterhelpdesk.sandbox.DirectMessageRef;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.FreePorts;
import io.twitterhelpdesk.e2e.support.ManagementCalls;
import io.twitterhelpdesk.e2e.support.ReplyApi;
import io.twitterhelpdesk.e2e.support.StubHelpdesk;
import io.twitterhelpdesk.e2e.support.TestAccounts;
import io.twitterhelpdesk.e2e.support.WebhookCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.twitterhelpdesk.e2e.support.ManagementCalls.value;
import static org.assertj.core.api.Assertions.assertThat;

/** /observe/metrics counts what a customer, an agent and a helpdesk did, as Prometheus scrapes it. */
class MetricsTest {

    private static final String INBOUND = "twitter.inbound";
    private static final String HELPDESK_QUEUE = "helpdesk.stub.in";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    private ConnectorHarness harness;
    private StubHelpdesk helpdesk;
    private ManagementCalls management;

    @BeforeEach
    void start() throws Exception {
        helpdesk = new StubHelpdesk(FreePorts.next());
        harness = new ConnectorHarness(dataDir);
        harness.properties.put("helpdesk.http.helpdesks", "stub");
        harness.properties.put("helpdesk.http.stub.queue", HELPDESK_QUEUE);
        harness.properties.put("helpdesk.http.stub.create.url", helpdesk.url() + "/tickets");
        harness.properties.put("helpdesk.http.stub.ticket-id-path", "$.ticket.id");
        harness.start();
        // real rate limits, large enough for fast polling: the remaining count is what Twitter's headers say
        harness.sandbox.setRateLimit("dm_list", 100_000, Duration.ofMinutes(15));
        harness.sandbox.setRateLimit("mentions", 100_000, Duration.ofMinutes(15));
        harness.sandbox.setRateLimit("dm_new", 1_000, Duration.ofHours(24));
        harness.sandbox.enableRateLimits();
        management = new ManagementCalls(harness.managementBaseUrl());
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
        helpdesk.close();
    }

    @Test
    void countWhatTheTestSent() throws Exception {
        DirectMessageRef alice = harness.sandbox.injectDirectMessage("alice", "acme_support", "first", List.of());
        harness.sandbox.injectDirectMessage("bob", "acme_support", "second", List.of());
        harness.sandbox.injectMention("carol", "@acme_support third", null, List.of());
        List<Received> delivered = harness.jms().receive(INBOUND, 3, WAIT);
        assertThat(delivered).hasSize(3);

        // the same DM pushed by the webhook afterwards: a duplicate
        assertThat(new WebhookCalls("cs-test").push(harness.apiBaseUrl() + "/webhooks/twitter",
                WebhookCalls.dmEvent(TestAccounts.SUPPORT_ID, alice.id(), alice.senderId(), "alice", "first")))
                .isEqualTo(200);
        // an agent answers Alice (the answer comes back through the DM poll as the account's echo), and asks for
        // a public answer to a DM, which is refused
        ReplyApi replies = new ReplyApi(harness.apiBaseUrl());
        String conversation = "twitter:dm:" + TestAccounts.SUPPORT_ID + ":" + alice.senderId();
        assertThat(replies.post("m-1", conversation, "On its way", null, WAIT)).isEqualTo(202);
        assertThat(replies.finalStatus("m-1", WAIT).path("status").asText()).isEqualTo("sent");
        assertThat(replies.post("m-2", conversation, "In public?", "public", WAIT)).isIn(202, 422);
        assertThat(replies.finalStatus("m-2", WAIT).path("status").asText()).isEqualTo("rejected");
        // a helpdesk refuses an envelope: parked on its dead-letter queue
        helpdesk.then(400, "{\"error\":\"no\"}");
        harness.jms().send(HELPDESK_QUEUE, delivered.get(0).body());

        String support = "account=\"acme_support\"";
        String metrics = awaitMetrics(m -> value(m, "twitter_helpdesk_messages_dropped_total", support,
                "kind=\"direct_message\"", "reason=\"echo\"") == 1
                && value(m, "twitter_helpdesk_dead_letters_total", "helpdesk=\"stub\"") == 1);

        assertThat(value(metrics, "twitter_helpdesk_messages_received_total", support, "kind=\"direct_message\"",
                "source=\"poll\"")).as("DMs polled: two from customers, one echo").isEqualTo(3);
        assertThat(value(metrics, "twitter_helpdesk_messages_received_total", support, "kind=\"direct_message\"",
                "source=\"webhook\"")).isEqualTo(1);
        assertThat(value(metrics, "twitter_helpdesk_messages_received_total", support, "kind=\"mention\"",
                "source=\"poll\"")).isEqualTo(1);
        assertThat(value(metrics, "twitter_helpdesk_messages_delivered_total", support, "kind=\"direct_message\""))
                .isEqualTo(2);
        assertThat(value(metrics, "twitter_helpdesk_messages_delivered_total", support, "kind=\"mention\""))
                .isEqualTo(1);
        assertThat(value(metrics, "twitter_helpdesk_messages_delivered_total", "account=\"acme_sales\"",
                "kind=\"direct_message\"")).as("every account's series exists from the start").isEqualTo(0);
        assertThat(value(metrics, "twitter_helpdesk_messages_dropped_total", support, "kind=\"direct_message\"",
                "reason=\"duplicate\"")).isEqualTo(1);
        assertThat(value(metrics, "twitter_helpdesk_replies_total", "outcome=\"sent\"")).isEqualTo(1);
        assertThat(value(metrics, "twitter_helpdesk_replies_total", "outcome=\"rejected\"")).isEqualTo(1);
        assertThat(value(metrics, "twitter_helpdesk_replies_total", "outcome=\"failed\"")).isEqualTo(0);
        assertThat(value(metrics, "twitter_helpdesk_rate_limit_remaining", support, "endpoint=\"dm_list\""))
                .isBetween(1.0, 99_999.0);
        assertThat(value(metrics, "twitter_helpdesk_rate_limit_remaining", support, "endpoint=\"dm_new\""))
                .isEqualTo(999);
        assertThat(value(metrics, "twitter_helpdesk_dead_letters_total", "helpdesk=\"stub\"")).isEqualTo(1);
        assertThat(metrics).as("Camel's and the JVM's own metrics beside").contains("jvm_memory_used_bytes")
                .contains("camel_exchanges_total")
                .contains("routeId=\"intake-processing\"")
                .as("one route polls every account").contains("routeId=\"account-poll\"");
        assertThat(harness.jms().drain(INBOUND, Duration.ofMillis(500))).as("nothing more delivered").isEmpty();
    }

    private String awaitMetrics(Predicate<String> condition) throws Exception {
        long until = System.nanoTime() + WAIT.toNanos();
        String metrics = management.metrics();
        while (!condition.test(metrics) && System.nanoTime() < until) {
            Thread.sleep(200);
            metrics = management.metrics();
        }
        return metrics;
    }
}
