package io.twitterhelpdesk.e2e.inbound;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twitterhelpdesk.e2e.support.TestHttp;
import io.twitterhelpdesk.e2e.support.QueueReader.Received;
import io.twitterhelpdesk.sandbox.ActivitySubscription;
import io.twitterhelpdesk.sandbox.TwitterSandbox;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.EnvelopeSchemaCheck;
import io.twitterhelpdesk.e2e.support.ReplyApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The X Activity API end to end through the sandbox: acme_support on the stream the connector opens
 * ({@code xaa-stream}), acme_sales pushed to the connector's webhook ({@code xaa-webhook}); subscriptions and the
 * webhook made by the connector, gaps recovered by backfill, recovery windows and replay jobs.
 */
class XActivityApiTest {

    private static final String QUEUE = "twitter.inbound";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    private ConnectorHarness harness;
    private TwitterSandbox sandbox;
    private final HttpClient http = TestHttp.client();

    @BeforeEach
    void start() throws Exception {
        harness = new ConnectorHarness(dataDir);
        sandbox = harness.sandbox;
        sandbox.setActivityKeepAliveInterval(Duration.ofMillis(200));
        sandbox.setActivityWebhookRetryDelays(Duration.ofMillis(200), Duration.ofMillis(500));
        Map<String, String> p = harness.properties;
        p.put("twitter.account.acme_support.ingestion", "xaa-stream");
        p.put("twitter.account.acme_sales.ingestion", "xaa-webhook");
        p.put("twitter.api.app-token-url", sandbox.appTokenUrl());
        p.put("xaa.webhook.url", harness.apiBaseUrl() + "/webhooks/twitter");
        p.put("xaa.stream.stall-timeout", "2s");
        p.put("xaa.stream.reconnect-delay", "200");
        p.put("xaa.stream.reconnect-max-delay", "1s");
        p.put("xaa.checkpoint-interval", "300");
        harness.start();
        awaitReady();
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void dmsAndMentionsArriveByStreamAndWebhookAndTheAccountsOwnDmsAreDropped() throws Exception {
        sandbox.injectDirectMessage("alice", "acme_support", "Where is my parcel?", null);
        sandbox.injectMention("bob", "@acme_support the app crashes", null, null);
        sandbox.injectDirectMessage("carol", "acme_sales", "A quote for 40 seats?", null);
        sandbox.injectMention("dave", "@acme_sales do you invoice in EUR?", null, null);

        List<Received> received = harness.jms().receive(QUEUE, 4, WAIT);

        assertThat(received).hasSize(4);
        for (Received r : received) {
            assertThat(EnvelopeSchemaCheck.errors(r.body())).isEmpty();
            JsonNode envelope = JSON.readTree(r.body());
            String account = envelope.path("account").path("screenName").asText();
            // X writes every event of the app to its open stream, also those of acme_sales's webhook subscriptions:
            // those are delivered once, by whichever of the webhook and the stream brings them first
            assertThat(envelope.path("source").asText()).as(r.body())
                    .isIn(account.equals("acme_support") ? List.of("stream") : List.of("webhook", "stream"));
            assertThat(r.properties().get("ConversationId")).isEqualTo(envelope.path("conversationId").asText());
        }
        for (int i = 0; i < 100 && metric("twitter_helpdesk_activity_events_total", "source=\"webhook\"") < 2; i++) {
            Thread.sleep(100);
        }
        assertThat(metric("twitter_helpdesk_activity_events_total", "source=\"webhook\""))
                .as("the webhook took acme_sales's DM and mention").isGreaterThanOrEqualTo(2);
        JsonNode dm = envelopeOf(received, "alice");
        assertThat(dm.path("kind").asText()).isEqualTo("direct_message");
        assertThat(dm.path("customer").path("name").asText()).isNotBlank();
        assertThat(dm.path("text").asText()).isEqualTo("Where is my parcel?");
        JsonNode mention = envelopeOf(received, "dave");
        assertThat(mention.path("kind").asText()).isEqualTo("mention");
        assertThat(mention.path("tags").get(0).asText()).isEqualTo("Twitter:Mention");

        // an agent's reply is the account's own DM (dm.sent): it comes back as an event and is dropped
        ReplyApi replies = new ReplyApi(harness.apiBaseUrl());
        assertThat(replies.post("r-1", dm.path("conversationKey").asText(), "On its way!", null, WAIT)).isEqualTo(202);
        assertThat(replies.finalStatus("r-1", WAIT).path("status").asText()).isEqualTo("sent");
        await(() -> sandbox.activityEvents().stream().anyMatch(e -> e.eventType().equals("dm.sent")));
        assertThat(harness.jms().drain(QUEUE, Duration.ofSeconds(1))).isEmpty();
        assertThat(metric("twitter_helpdesk_messages_dropped_total", "reason=\"echo\"")).isGreaterThanOrEqualTo(1);
        assertThat(metric("twitter_helpdesk_activity_events_total", "type=\"dm.sent\"")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aStreamCutMidBurstDeliversEveryMessageOnce() throws Exception {
        int burst = 30;
        for (int i = 0; i < burst; i++) {
            sandbox.injectDirectMessage("burst" + (i % 3), "acme_support", "burst message " + i, null);
            if (i == 10 || i == 20) {
                sandbox.disconnectActivityStreams();
            }
        }

        List<Received> received = harness.jms().receive(QUEUE, burst, WAIT);
        received.addAll(harness.jms().drain(QUEUE, Duration.ofSeconds(2)));

        assertThat(ids(received)).hasSize(burst);
        assertThat(received).hasSize(burst);
        assertThat(metric("twitter_helpdesk_activity_stream_reconnects_total", "reason=\"closed\"")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aStalledStreamIsReopenedAndWhatCameMeanwhileIsBackfilled() throws Exception {
        sandbox.stallActivityStreams();
        sandbox.injectDirectMessage("erin", "acme_support", "anyone there?", null);

        List<Received> received = harness.jms().receive(QUEUE, 1, WAIT);

        assertThat(received).hasSize(1);
        assertThat(JSON.readTree(received.get(0).body()).path("text").asText()).isEqualTo("anyone there?");
        assertThat(metric("twitter_helpdesk_activity_stream_reconnects_total", "reason=\"stalled\"")).isEqualTo(1);
        assertThat(metric("twitter_helpdesk_activity_recoveries_total", "kind=\"backfill\"")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void garbageOnTheStreamIsSkippedAndARateLimitedReconnectWaitsForTheReset() throws Exception {
        sandbox.emitRawActivityLine("this is not json {");
        sandbox.emitRawActivityLine("{\"data\":{\"event_uuid\":\"-1\",\"event_type\":\"dm.received\"}}");
        sandbox.emitRawActivityLine("{\"data\":{\"event_uuid\":\"-2\",\"filter\":{\"user_id\":\"999\"},"
                + "\"event_type\":\"dm.received\",\"payload\":{}}}");
        sandbox.emitRawActivityLine("{\"data\":{\"event_uuid\":\"3\",\"filter\":{\"user_id\":\"42\"},"
                + "\"event_type\":\"like.create\",\"payload\":{}}}");
        sandbox.injectDirectMessage("fay", "acme_support", "after the garbage", null);
        assertThat(harness.jms().receive(QUEUE, 1, WAIT)).hasSize(1);
        assertThat(metric("twitter_helpdesk_activity_events_ignored_total", "type=\"like.create\"")).isEqualTo(1);

        Instant reset = Instant.now().plusSeconds(3);
        sandbox.failNextWithRateLimit("v2_activity_stream", reset, 1);
        sandbox.disconnectActivityStreams();
        sandbox.injectDirectMessage("gus", "acme_support", "during the rate limit", null);

        List<Received> received = harness.jms().receive(QUEUE, 1, WAIT);

        assertThat(received).hasSize(1);
        assertThat(Instant.now()).isAfterOrEqualTo(reset.minusMillis(500));
        assertThat(metric("twitter_helpdesk_activity_stream_reconnects_total", "reason=\"rate_limited\"")).isEqualTo(1);
    }

    @Test
    void aConnectorDownLongerThanTheBackfillRecoversBothGapsOnRestartEveryMessageOnce() throws Exception {
        sandbox.injectDirectMessage("hal", "acme_support", "before the stop (stream)", null);
        sandbox.injectDirectMessage("ida", "acme_sales", "before the stop (webhook)", null);
        assertThat(harness.jms().receive(QUEUE, 2, WAIT)).hasSize(2);
        Thread.sleep(700); // one checkpoint writes the positions
        harness.stopConnector();

        sandbox.injectDirectMessage("jon", "acme_support", "while down (stream)", null);
        sandbox.injectDirectMessage("kay", "acme_sales", "while down (webhook)", null);
        sandbox.awaitActivityWebhookIdle(Duration.ofSeconds(5));
        // as if the connector had been down for 10 minutes: longer than the 5 minutes a backfill covers
        rewindPositions(Duration.ofMinutes(10));
        // the jobs before: this test's first start may have replayed the gap since the previous test's stop
        int replayJobsBefore = sandbox.replayJobs().size();
        harness.start();

        List<Received> received = harness.jms().receive(QUEUE, 2, WAIT);
        received.addAll(harness.jms().drain(QUEUE, Duration.ofSeconds(2)));

        assertThat(texts(received)).containsExactlyInAnyOrder("while down (stream)", "while down (webhook)");
        assertThat(sandbox.replayJobs()).as("one replay job for the webhook's gap").hasSize(replayJobsBefore + 1);
        assertThat(metric("twitter_helpdesk_activity_recoveries_total", "kind=\"recovery\"")).isEqualTo(1);
        assertThat(metric("twitter_helpdesk_activity_recoveries_total", "kind=\"replay\"")).isEqualTo(1);
    }

    @Test
    void subscriptionsAreMadeOnceAcrossRestartsAndCleanedUpWhenAnAccountLeavesTheActivityApi() throws Exception {
        List<ActivitySubscription> first = sandbox.activitySubscriptions();
        assertThat(first).hasSize(9);
        assertThat(first).filteredOn(s -> "43".equals(s.userId())).allMatch(s -> s.webhookId() != null);
        assertThat(first).filteredOn(s -> "42".equals(s.userId())).allMatch(s -> s.webhookId() == null);

        harness.restart(Map.of());
        awaitReady();
        assertThat(ids(sandbox.activitySubscriptions())).isEqualTo(ids(first));

        harness.stopConnector();
        harness.properties.put("twitter.account.acme_sales.ingestion", "poll");
        harness.start();
        await(() -> sandbox.activitySubscriptions().size() == 5);
        assertThat(sandbox.activitySubscriptions()).noneMatch(s -> "43".equals(s.userId()));

        JsonNode onX = apiGet("/api/v1/activity");
        assertThat(onX.path("subscriptions")).hasSize(5);
        assertThat(onX.path("webhooks")).hasSize(1);
    }

    @Test
    void aRevokedAppMarksTheAccountUnhealthyAndTheOtherAccountGoesOn() throws Exception {
        sandbox.revokeApp("acme_sales");
        await(() -> accountStatus("acme_sales").equals("DOWN"));

        sandbox.injectDirectMessage("lea", "acme_support", "still there?", null);
        assertThat(harness.jms().receive(QUEUE, 1, WAIT)).hasSize(1);
        assertThat(accountStatus("acme_support")).isEqualTo("UP");
    }

    @Test
    void refusedSubscriptionsOfOneAccountAreReportedTheOtherGoesOnAndALaterSyncMakesThem() throws Exception {
        // acme_sales leaves the X Activity API (its subscriptions are deleted) and comes back...
        harness.stopConnector();
        harness.properties.put("twitter.account.acme_sales.ingestion", "poll");
        harness.start();
        await(() -> sandbox.activitySubscriptions().size() == 5);
        harness.stopConnector();
        harness.properties.put("twitter.account.acme_sales.ingestion", "xaa-webhook");
        // ...but X refuses its subscriptions: at the start's setup and at the sync below
        int creates = sandbox.requestCount("v2_activity_subscriptions_create");
        sandbox.failNext("v2_activity_subscriptions_create", 403, "{\"title\":\"Forbidden\",\"type\":"
                + "\"about:blank\",\"status\":403,\"detail\":\"The app may not subscribe to this user's events\"}", 2);
        harness.start();

        JsonNode refused = apiPost("/api/v1/activity/sync");

        assertThat(refused.path("failedAccounts").has("acme_sales")).as(refused.toString()).isTrue();
        assertThat(refused.path("failedAccounts").path("acme_sales").asText()).contains("403");
        assertThat(refused.path("failedAccounts").has("acme_support")).isFalse();
        sandbox.injectDirectMessage("max", "acme_support", "still answered?", null);
        List<Received> support = harness.jms().receive(QUEUE, 1, WAIT);
        assertThat(texts(support)).containsExactly("still answered?");
        assertThat(accountStatus("acme_support")).isEqualTo("UP");

        // once X accepts them again, the next sync makes acme_sales's subscriptions and its DMs arrive
        await(() -> sandbox.requestCount("v2_activity_subscriptions_create") >= creates + 2);
        JsonNode accepted = apiPost("/api/v1/activity/sync");
        assertThat(accepted.path("failedAccounts").isEmpty()).as(accepted.toString()).isTrue();
        assertThat(sandbox.activitySubscriptions()).filteredOn(s -> "43".equals(s.userId())).hasSize(4);
        sandbox.injectDirectMessage("ned", "acme_sales", "and now?", null);
        List<Received> sales = harness.jms().receive(QUEUE, 1, WAIT);
        sales.addAll(harness.jms().drain(QUEUE, Duration.ofSeconds(1)));
        assertThat(texts(sales)).containsExactly("and now?");
    }

    @Test
    void aWebhookWhoseCrcFailsIsReported() throws Exception {
        harness.stopConnector();
        harness.properties.put("webhook.consumer-secret", "not-the-apps-secret");
        harness.start();

        JsonNode sync = apiPost("/api/v1/activity/sync");

        assertThat(sync.path("webhook").path("valid").asBoolean(true)).isFalse();
        assertThat(sync.path("webhook").path("problem").asText()).isNotBlank();
        assertThat(sync.path("failedAccounts").has("acme_sales")).isTrue();
        assertThat(sandbox.activityWebhooks()).noneMatch(w -> w.valid());
    }

    private void awaitReady() throws Exception {
        await(() -> sandbox.openActivityStreams() == 1 && sandbox.activitySubscriptions().size() >= 9
                && sandbox.activityWebhooks().stream().anyMatch(w -> w.valid()));
    }

    private void rewindPositions(Duration by) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("state"), "sa", "");
                PreparedStatement update = c.prepareStatement("UPDATE activity_position SET complete_at = ?")) {
            update.setObject(1, LocalDateTime.ofInstant(Instant.now().minus(by), ZoneOffset.UTC));
            assertThat(update.executeUpdate()).isEqualTo(2);
        }
    }

    private String accountStatus(String name) {
        try {
            for (JsonNode account : apiGet("/api/v1/accounts")) {
                if (name.equals(account.path("name").asText())) {
                    return account.path("health").path("status").asText();
                }
            }
            return "missing";
        } catch (Exception e) {
            return "error";
        }
    }

    private JsonNode apiGet(String path) throws Exception {
        return call(HttpRequest.newBuilder(URI.create(harness.apiBaseUrl() + path)).GET());
    }

    private JsonNode apiPost(String path) throws Exception {
        return call(HttpRequest.newBuilder(URI.create(harness.apiBaseUrl() + path))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private JsonNode call(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.header("X-API-Key", ReplyApi.API_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private double metric(String name, String label) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(harness.managementBaseUrl() + "/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        double sum = 0;
        for (String line : response.body().lines().toList()) {
            if (line.startsWith(name + "{") && line.contains(label)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static JsonNode envelopeOf(List<Received> received, String customer) throws Exception {
        for (Received r : received) {
            JsonNode envelope = JSON.readTree(r.body());
            if (customer.equals(envelope.path("customer").path("screenName").asText())) {
                return envelope;
            }
        }
        throw new AssertionError("no envelope from @" + customer);
    }

    private static Set<String> ids(List<?> items) throws Exception {
        Set<String> ids = new HashSet<>();
        for (Object item : items) {
            ids.add(item instanceof Received r ? JSON.readTree(r.body()).path("id").asText()
                    : ((ActivitySubscription) item).subscriptionId());
        }
        return ids;
    }

    private static List<String> texts(List<Received> received) throws Exception {
        List<String> texts = new ArrayList<>();
        for (Received r : received) {
            texts.add(JSON.readTree(r.body()).path("text").asText());
        }
        return texts;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            Thread.sleep(50);
        }
    }
}
