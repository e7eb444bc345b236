package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import twitter4j.Twitter;
import twitter4j.v1.Paging;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pay-per-use billing as X does it, read back from {@code GET /sandbox/usage} after real v1.1 (twitter4j) and v2
 * (HTTP) calls, X Activity webhook POSTs and stream lines: per resource returned, once per app, resource and UTC day
 * to the first reader's account, writes per request, failures free.
 */
class TwitterSandboxUsageTest {

    private static final String SECRET = "cs";
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String DAY = "2026-12-06";
    private static final String NEXT_DAY = "2026-12-07";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private TwitterSandbox sandbox;
    private V2TestClient support;
    private V2TestClient billing;
    private V2TestClient otherApp;

    @BeforeEach
    void start() throws Exception {
        sandbox = new TwitterSandbox().start();
        sandbox.registerAccount(42, "acme_support", "ACME Support", "ck", SECRET, "at-42", "ats-42");
        sandbox.registerAccount(43, "acme_billing", "ACME Billing", "ck", SECRET, "at-43", "ats-43");
        sandbox.registerAccount(44, "globex_help", "Globex Help", "ck2", "cs2", "at-44", "ats-44");
        sandbox.setActivityWebhookRetryDelays(Duration.ofMillis(50));
        sandbox.setActivityKeepAliveInterval(Duration.ofMillis(100));
        support = V2TestClient.oauth1(sandbox, "ck", SECRET, "at-42", "ats-42");
        billing = V2TestClient.oauth1(sandbox, "ck", SECRET, "at-43", "ats-43");
        otherApp = V2TestClient.oauth1(sandbox, "ck2", "cs2", "at-44", "ats-44");
        setClock(DAY + "T12:00:00Z");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void aPageOfThreeDmEventsIsThreeUnitsOnceADayAcrossV2AndV11AndAgainTheNextUtcDay() throws Exception {
        for (int i = 1; i <= 3; i++) {
            sandbox.injectDirectMessage("customer_" + i, "acme_support", "help " + i, null);
        }
        V2TestClient.Response page = support.get("dm_events?max_results=100");
        assertThat(page.json().path("data")).hasSize(3);

        JsonNode usage = usage(DAY);
        assertThat(usage.path("day").asText()).isEqualTo(DAY);
        assertThat(usage.path("rows")).hasSize(1);
        JsonNode row = usage.path("rows").get(0);
        assertThat(row.path("app").asText()).isEqualTo("ck");
        assertThat(row.path("account_id").asText()).isEqualTo("42");
        assertThat(row.path("unit").asText()).isEqualTo("dm_event_read");
        assertThat(row.path("units").asLong()).isEqualTo(3);
        assertThat(row.path("cost_usd").decimalValue()).isEqualByComparingTo("0.03");
        assertThat(usage.path("total_usd").decimalValue()).isEqualByComparingTo("0.03");
        assertThat(json.readTree(admin("GET", "usage", null).body())).as("without day: the clock's day")
                .isEqualTo(usage);

        assertThat(support.get("dm_events").json().path("data")).hasSize(3);
        assertThat(twitter("at-42", "ats-42").v1().directMessages().getDirectMessages(50)).hasSize(3);
        setClock(DAY + "T23:59:59Z");
        assertThat(support.get("dm_events").json().path("data")).hasSize(3);
        assertThat(units(DAY, "ck", "42", "dm_event_read")).as("the same events again the same UTC day").isEqualTo(3);

        setClock(NEXT_DAY + "T00:00:00Z");
        sandbox.injectDirectMessage("customer_4", "acme_support", "help 4", null);
        assertThat(support.get("dm_events").json().path("data")).hasSize(4);
        assertThat(units(NEXT_DAY, "ck", "42", "dm_event_read")).as("a new UTC day bills them again").isEqualTo(4);
        assertThat(units(DAY, "ck", "42", "dm_event_read")).isEqualTo(3);
        assertThat(usage(NEXT_DAY).path("total_usd").decimalValue()).isEqualByComparingTo("0.04");
    }

    @Test
    void theFirstReaderOfTheAppIsBilledAndAnotherAppPaysItsOwn() throws Exception {
        TweetRef mention = sandbox.injectMention("customer_1", "@acme_support @acme_billing @globex_help hello",
                null, List.of());

        assertThat(billing.get("users/43/mentions").json().path("data")).hasSize(1);
        assertThat(twitter("at-42", "ats-42").v1().timelines().getMentionsTimeline(Paging.ofSinceId(1)))
                .extracting(s -> s.getId()).containsExactly(mention.id());
        assertThat(otherApp.get("users/44/mentions").json().path("data")).hasSize(1);
        assertThat(billing.get("users/me").status()).isEqualTo(200);
        V2TestClient appOnly = V2TestClient.bearer(sandbox, sandbox.appBearerToken("ck"));
        assertThat(appOnly.get("users/" + mention.userId()).status()).isEqualTo(200);
        assertThat(appOnly.get("users/" + mention.userId()).status()).isEqualTo(200);

        assertThat(rows(usage(DAY))).containsExactly(
                "ck " + mention.userId() + " user_read 1 0.01",
                "ck 43 post_read 1 0.005",
                "ck 43 user_read 1 0.01",
                "ck2 44 post_read 1 0.005");
    }

    @Test
    void failedRequestsAreFree() throws Exception {
        sandbox.injectDirectMessage("customer_1", "acme_support", "help", null);
        sandbox.failNext("v2_dm_events", 503, "{\"title\":\"Service Unavailable\"}", 1);
        assertThat(support.get("dm_events").status()).isEqualTo(503);
        sandbox.failNextWithRateLimit("dm_list", java.time.Instant.now().plusSeconds(60), 1);
        assertThat(V2TestClient.oauth1(sandbox, "ck", SECRET, "at-42", "ats-42").send("GET", "users/999999", null,
                null).status()).isEqualTo(404);
        SandboxUser picky = sandbox.createUser("picky", "Picky");
        sandbox.setAcceptsDirectMessages("picky", false);
        assertThat(support.postJson("dm_conversations/with/" + picky.id() + "/messages", "{\"text\":\"hi\"}")
                .status()).isEqualTo(403);
        assertThat(support.postJson("tweets", "{\"text\":\"" + "x".repeat(300) + "\"}").status()).isEqualTo(400);
        assertThat(V2TestClient.oauth1(sandbox, "ck", SECRET, "at-42", "wrong").get("dm_events").status())
                .isEqualTo(401);
        assertThatThrownBy(
                () -> twitter("at-42", "ats-42").v1().directMessages().getDirectMessages(50));

        JsonNode usage = usage(DAY);
        assertThat(usage.path("rows")).isEmpty();
        assertThat(usage.path("total_usd").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void writesArePerRequestAndAPostWithAUrlHasItsOwnRate() throws Exception {
        long alice = sandbox.createUser("alice", "Alice").id();
        assertThat(support.postJson("tweets", "{\"text\":\"@alice we are on it\"}").status()).isEqualTo(201);
        assertThat(support.postJson("tweets", "{\"text\":\"@alice see https://help.example.com/7\"}").status())
                .isEqualTo(201);
        twitter("at-42", "ats-42").v1().tweets().updateStatus("@alice status at http://status.example.com");
        V2TestClient.Response upload = support.postJson("media/upload", "{\"media\":\"R0lGODlhAQABAAAAACw=\","
                + "\"media_category\":\"tweet_image\",\"media_type\":\"image/gif\"}");
        assertThat(upload.status()).as(upload.body()).isEqualTo(200);
        V2TestClient.Response withMedia = support.postJson("tweets", "{\"text\":\"@alice the receipt\",\"media\":"
                + "{\"media_ids\":[\"" + upload.json().path("data").path("id").asText() + "\"]}}");
        assertThat(withMedia.status()).isEqualTo(201);
        for (int i = 0; i < 2; i++) {
            assertThat(support.postJson("dm_conversations/with/" + alice + "/messages", "{\"text\":\"same\"}")
                    .status()).isEqualTo(201);
        }
        twitter("at-42", "ats-42").v1().directMessages().sendDirectMessage(alice, "from v1.1");

        assertThat(rows(usage(DAY))).containsExactly(
                "ck 42 dm_create 3 0.045",
                "ck 42 post_create 2 0.03",
                "ck 42 post_create_with_url 2 0.4");
        assertThat(usage(DAY).path("total_usd").decimalValue()).isEqualByComparingTo("0.475");
    }

    @Test
    void webhookDeliveriesAreBilledOnceWithPolledReadsAndDmSentAndFailedDeliveriesAreFree() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
            V2TestClient app = V2TestClient.bearer(sandbox, sandbox.appBearerToken("ck"));
            V2TestClient.Response webhook = app.postJson("webhooks", "{\"url\":\"" + receiver.url("xaa") + "\"}");
            assertThat(webhook.status()).as(webhook.body()).isEqualTo(200);
            String webhookId = webhook.json().path("data").path("id").asText();
            for (String type : List.of("dm.received", "dm.sent", "post.mention.create", "post.reply.create")) {
                V2TestClient.Response subscribed = support.postJson("activity/subscriptions", "{\"event_type\":\""
                        + type + "\",\"filter\":{\"user_id\":\"42\"},\"webhook_id\":\"" + webhookId + "\"}");
                assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(200);
            }

            DirectMessageRef dm = sandbox.injectDirectMessage("customer_1", "acme_support", "help", null);
            assertThat(receiver.nextSignedPost(SECRET, WAIT).path("data").path("event_type").asText())
                    .isEqualTo("dm.received");
            assertThat(sandbox.awaitActivityWebhookIdle(WAIT)).isTrue();
            assertThat(units(DAY, "ck", "42", "dm_event_read")).isEqualTo(1);
            assertThat(support.get("dm_events").json().path("data").get(0).path("id").asText())
                    .isEqualTo(Long.toString(dm.id()));
            assertThat(units(DAY, "ck", "42", "dm_event_read")).as("polled after its webhook delivery").isEqualTo(1);

            assertThat(support.postJson("dm_conversations/with/" + dm.senderId() + "/messages",
                    "{\"text\":\"on it\"}").status()).isEqualTo(201);
            assertThat(receiver.nextSignedPost(SECRET, WAIT).path("data").path("event_type").asText())
                    .isEqualTo("dm.sent");
            TweetRef mention = sandbox.injectMention("customer_1", "@acme_support still waiting", null, List.of());
            assertThat(receiver.nextSignedPost(SECRET, WAIT).path("data").path("event_type").asText())
                    .isEqualTo("post.mention.create");
            assertThat(sandbox.awaitActivityWebhookIdle(WAIT)).isTrue();
            assertThat(support.get("users/42/mentions").json().path("data").get(0).path("id").asText())
                    .isEqualTo(Long.toString(mention.id()));
            assertThat(rows(usage(DAY))).containsExactly(
                    "ck 42 dm_create 1 0.015",
                    "ck 42 dm_event_read 1 0.01",
                    "ck 42 post_read 1 0.005");

            V2TestClient.Response post = support.postJson("tweets", "{\"text\":\"We are on it\"}");
            assertThat(post.status()).isEqualTo(201);
            sandbox.injectMention("customer_1", "@acme_support thanks",
                    Long.parseLong(post.json().path("data").path("id").asText()), List.of());
            assertThat(List.of(receiver.nextSignedPost(SECRET, WAIT), receiver.nextSignedPost(SECRET, WAIT)))
                    .extracting(p -> p.path("data").path("event_type").asText())
                    .containsExactlyInAnyOrder("post.mention.create", "post.reply.create");
            assertThat(sandbox.awaitActivityWebhookIdle(WAIT)).isTrue();
            assertThat(units(DAY, "ck", "42", "post_read")).as("one post in two events").isEqualTo(2);

            receiver.answerNextPosts(500, 500);
            sandbox.injectDirectMessage("customer_2", "acme_support", "unheard", null);
            assertThat(sandbox.awaitActivityWebhookIdle(WAIT)).isTrue();
            assertThat(sandbox.activityWebhookDeliveries()).filteredOn(d -> d.httpStatus() == 500).hasSize(2);
            assertThat(units(DAY, "ck", "42", "dm_event_read")).as("a delivery never answered 200").isEqualTo(1);
        }
    }

    @Test
    void streamLinesAreBilledOnceADayBackfillIncluded() throws Exception {
        V2TestClient.Response subscribed = support.postJson("activity/subscriptions",
                "{\"event_type\":\"dm.received\",\"filter\":{\"user_id\":\"42\"}}");
        assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(200);
        String bearer = sandbox.appBearerToken("ck");
        DirectMessageRef dm;
        try (ActivityStreamClient stream = ActivityStreamClient.connect(sandbox, bearer, "")) {
            assertThat(stream.status()).isEqualTo(200);
            awaitOpenStreams(1);
            dm = sandbox.injectDirectMessage("customer_1", "acme_support", "help", null);
            assertThat(stream.nextNonBlank(WAIT)).contains(Long.toString(dm.id()));
        }
        assertThat(units(DAY, "ck", "42", "dm_event_read")).isEqualTo(1);
        awaitOpenStreams(0);
        try (ActivityStreamClient backfilled = ActivityStreamClient.connect(sandbox, bearer, "backfill_minutes=5")) {
            assertThat(backfilled.nextNonBlank(WAIT)).contains(Long.toString(dm.id()));
        }
        assertThat(support.get("dm_events").json().path("data")).hasSize(1);
        assertThat(units(DAY, "ck", "42", "dm_event_read")).as("backfilled and polled the same day").isEqualTo(1);

        setClock(NEXT_DAY + "T00:00:01Z");
        awaitOpenStreams(0);
        try (ActivityStreamClient backfilled = ActivityStreamClient.connect(sandbox, bearer, "backfill_minutes=5")) {
            assertThat(backfilled.nextNonBlank(WAIT)).contains(Long.toString(dm.id()));
        }
        assertThat(units(NEXT_DAY, "ck", "42", "dm_event_read")).isEqualTo(1);
    }

    @Test
    void ratesClockAndClearingThroughTheAdminApi() throws Exception {
        HttpResponse<String> rates = admin("PUT", "usage/rates", "{\"dm_event_read\":0.02}");
        assertThat(rates.statusCode()).as(rates.body()).isEqualTo(200);
        assertThat(json.readTree(rates.body()).path("dm_event_read").decimalValue()).isEqualByComparingTo("0.02");
        assertThat(json.readTree(rates.body()).path("post_create_with_url").decimalValue())
                .isEqualByComparingTo("0.2");
        sandbox.injectDirectMessage("customer_1", "acme_support", "help", null);
        support.get("dm_events");
        assertThat(usage(DAY).path("total_usd").decimalValue()).isEqualByComparingTo("0.02");

        assertThat(json.readTree(admin("GET", "clock", null).body()).path("now").asText())
                .isEqualTo(DAY + "T12:00:00Z");
        assertThat(admin("DELETE", "usage", null).statusCode()).isEqualTo(204);
        assertThat(usage(DAY).path("rows")).isEmpty();
        support.get("dm_events");
        assertThat(units(DAY, "ck", "42", "dm_event_read")).as("cleared: read anew").isEqualTo(1);

        assertThat(admin("DELETE", "state", null).statusCode()).isEqualTo(204);
        assertThat(usage(DAY).path("rows")).isEmpty();
        JsonNode clock = json.readTree(admin("GET", "clock", null).body());
        assertThat(clock.path("set").asBoolean()).as("reset goes back to the system clock").isFalse();
        setClock(DAY + "T08:00:00Z");
        assertThat(json.readTree(admin("POST", "clock", "{\"now\":null}").body()).path("set").asBoolean()).isFalse();

        assertThat(admin("GET", "usage?day=yesterday", null).statusCode()).isEqualTo(400);
        assertThat(admin("PUT", "usage/rates", "{\"dm_read\":1}").body()).contains("unknown usage unit");
        assertThat(admin("PUT", "usage/rates", "{\"dm_create\":-1}").statusCode()).isEqualTo(400);
        assertThat(admin("POST", "clock", "{\"now\":\"noon\"}").statusCode()).isEqualTo(400);
        assertThat(admin("POST", "clock", "{}").statusCode()).isEqualTo(400);
    }

    private Twitter twitter(String token, String tokenSecret) {
        Properties props = new Properties();
        props.setProperty("restBaseURL", sandbox.restBaseUrl());
        return Twitter.newBuilder().oAuthConsumer("ck", SECRET).oAuthAccessToken(token, tokenSecret).load(props)
                .build();
    }

    private void setClock(String now) throws Exception {
        HttpResponse<String> set = admin("POST", "clock", "{\"now\":\"" + now + "\"}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(json.readTree(set.body()).path("now").asText()).isEqualTo(now);
    }

    private JsonNode usage(String day) throws Exception {
        HttpResponse<String> response = admin("GET", "usage?day=" + day, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private long units(String day, String app, String account, String unit) throws Exception {
        for (JsonNode row : usage(day).path("rows")) {
            if (row.path("app").asText().equals(app) && row.path("account_id").asText().equals(account)
                    && row.path("unit").asText().equals(unit)) {
                return row.path("units").asLong();
            }
        }
        return 0;
    }

    /** Each row as "app account unit units cost", in the order served. */
    private static List<String> rows(JsonNode usage) {
        return java.util.stream.StreamSupport.stream(usage.path("rows").spliterator(), false)
                .map(r -> r.path("app").asText() + " " + r.path("account_id").asText() + " "
                        + r.path("unit").asText() + " " + r.path("units").asLong() + " "
                        + r.path("cost_usd").decimalValue().stripTrailingZeros().toPlainString())
                .toList();
    }

    private void awaitOpenStreams(int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (sandbox.openActivityStreams() != count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(sandbox.openActivityStreams()).isEqualTo(count);
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.adminBaseUrl() + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
