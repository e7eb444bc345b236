package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /2/activity/stream}: keep-alives, live events, backfill, stall, disconnect and connection limits, also
 * steered through the admin API.
 */
class TwitterSandboxActivityStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration KEEP_ALIVE = Duration.ofMillis(100);

    private final ObjectMapper json = new ObjectMapper();
    private TwitterSandbox sandbox;
    private String bearer;

    @BeforeEach
    void start() throws Exception {
        sandbox = new TwitterSandbox().start();
        sandbox.registerAccount(42, "acme_support", "ACME Support", "ck", "cs", "at-42", "ats-42");
        sandbox.setActivityKeepAliveInterval(KEEP_ALIVE);
        bearer = sandbox.appBearerToken("ck");
        V2TestClient.Response created = V2TestClient.oauth1(sandbox, "ck", "cs", "at-42", "ats-42").postJson(
                "activity/subscriptions", "{\"event_type\":\"dm.received\",\"filter\":{\"user_id\":\"42\"},"
                        + "\"tag\":\"stream\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private ActivityStreamClient connect(String query) throws Exception {
        ActivityStreamClient client = ActivityStreamClient.connect(sandbox, bearer, query);
        assertThat(client.status()).as(client.errorBody()).isEqualTo(200);
        return client;
    }

    private JsonNode nextEvent(ActivityStreamClient client) throws Exception {
        String line = client.nextNonBlank(WAIT);
        assertThat(line).as("an event line within " + WAIT).isNotNull().isNotEqualTo(ActivityStreamClient.END);
        return json.readTree(line);
    }

    /** Waits (bounded) until the sandbox has {@code count} streams open. */
    private void awaitOpenStreams(int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (sandbox.openActivityStreams() != count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(sandbox.openActivityStreams()).isEqualTo(count);
    }

    @Test
    void keepAlivesFlowAndEventsArriveLiveOneJsonLinePerEvent() throws Exception {
        try (ActivityStreamClient client = connect("")) {
            assertThat(client.header("Content-Type")).startsWith("application/json");
            assertThat(client.nextLine(WAIT)).isEmpty();
            assertThat(client.nextLine(WAIT)).isEmpty();
            assertThat(sandbox.openActivityStreams()).isEqualTo(1);

            DirectMessageRef dm = sandbox.injectDirectMessage("customer_1", "acme_support", "live!", null);

            JsonNode data = nextEvent(client).path("data");
            assertThat(data.path("event_type").asText()).isEqualTo("dm.received");
            assertThat(data.path("tag").asText()).isEqualTo("stream");
            assertThat(data.path("filter").path("user_id").asText()).isEqualTo("42");
            assertThat(data.path("payload").path("direct_message_events").get(0).path("id").asText())
                    .isEqualTo(Long.toString(dm.id()));
            assertThat(data.path("event_uuid").asText()).isEqualTo(sandbox.activityEvents().get(0).eventUuid());
        }
        assertThat(sandbox.activityWebhookDeliveries()).isEmpty();
        awaitOpenStreams(0);
        try (ActivityStreamClient again = connect("")) {
            assertThat(again.nextLine(WAIT)).isEmpty();
        }
    }

    @Test
    void aSecondConnectionBadParametersAndUserContextAreRefused() throws Exception {
        try (ActivityStreamClient first = connect("")) {
            assertThat(first.nextLine(WAIT)).isEmpty();
            ActivityStreamClient second = ActivityStreamClient.connect(sandbox, bearer, "");
            assertThat(second.status()).isEqualTo(429);
            JsonNode problem = json.readTree(second.errorBody());
            assertThat(problem.path("title").asText()).isEqualTo("ConnectionException");
            assertThat(problem.path("connection_issue").asText()).isEqualTo("TooManyConnections");
            assertThat(sandbox.openActivityStreams()).isEqualTo(1);
        }
        ActivityStreamClient tooMuchBackfill = ActivityStreamClient.connect(sandbox, bearer, "backfill_minutes=6");
        assertThat(tooMuchBackfill.status()).isEqualTo(400);
        assertThat(json.readTree(tooMuchBackfill.errorBody()).path("errors").get(0).path("parameters")
                .has("backfill_minutes")).isTrue();
        assertThat(ActivityStreamClient.connect(sandbox, bearer, "start_time=yesterday").status()).isEqualTo(400);

        V2TestClient.Response user = V2TestClient.oauth1(sandbox, "ck", "cs", "at-42", "ats-42")
                .get("activity/stream");
        assertThat(user.status()).isEqualTo(403);
        assertThat(user.json().path("title").asText()).isEqualTo("Unsupported Authentication");

        Instant reset = Instant.now().plusSeconds(900);
        sandbox.failNextWithRateLimit("v2_activity_stream", reset, 1);
        ActivityStreamClient limited = ActivityStreamClient.connect(sandbox, bearer, "");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("x-rate-limit-reset")).isEqualTo(Long.toString(reset.getEpochSecond()));
        assertThat(sandbox.requestCount("v2_activity_stream")).isGreaterThanOrEqualTo(6);
    }

    @Test
    void afterAServerDisconnectBackfillRecoversTheEventsMadeMeanwhileThenLiveOnesFollow() throws Exception {
        try (ActivityStreamClient client = connect("")) {
            assertThat(client.nextLine(WAIT)).isEmpty();
            sandbox.disconnectActivityStreams();
            JsonNode error = json.readTree(client.nextNonBlank(WAIT));
            assertThat(error.path("errors").get(0).path("title").asText()).isEqualTo("operational-disconnect");
            assertThat(client.nextNonBlank(WAIT)).isEqualTo(ActivityStreamClient.END);
        }
        assertThat(sandbox.openActivityStreams()).isZero();
        sandbox.injectDirectMessage("customer_1", "acme_support", "while you were away", null);
        sandbox.injectDirectMessage("customer_2", "acme_support", "me too", null);
        List<String> missed = sandbox.activityEvents().stream().map(ActivityEvent::eventUuid).toList();

        try (ActivityStreamClient client = connect("backfill_minutes=2")) {
            assertThat(nextEvent(client).path("data").path("event_uuid").asText()).isEqualTo(missed.get(0));
            assertThat(nextEvent(client).path("data").path("event_uuid").asText()).isEqualTo(missed.get(1));
            sandbox.injectDirectMessage("customer_1", "acme_support", "live again", null);
            assertThat(nextEvent(client).path("data").path("payload").path("direct_message_events").get(0)
                    .path("message_create").path("message_data").path("text").asText()).isEqualTo("live again");
        }
    }

    @Test
    void aStalledStreamSendsNothingAndTheReconnectBackfillsWhatItMissed() throws Exception {
        ActivityStreamClient stalled = connect("");
        assertThat(stalled.nextLine(WAIT)).isEmpty();
        sandbox.stallActivityStreams();
        while (stalled.nextLine(Duration.ofMillis(300)) != null) {
            // drain what was under way before the stall
        }
        sandbox.injectDirectMessage("customer_1", "acme_support", "into the void", null);
        assertThat(stalled.nextLine(KEEP_ALIVE.multipliedBy(5))).as("nothing at all while stalled").isNull();
        assertThat(sandbox.openActivityStreams()).isEqualTo(1);

        try (ActivityStreamClient client = connect("backfill_minutes=1")) {
            assertThat(nextEvent(client).path("data").path("event_uuid").asText())
                    .isEqualTo(sandbox.activityEvents().get(0).eventUuid());
            assertThat(stalled.nextLine(WAIT)).as("the stalled stream was replaced").isEqualTo(ActivityStreamClient.END);
            assertThat(sandbox.openActivityStreams()).isEqualTo(1);
        }
        stalled.close();
    }

    @Test
    void aRawLineReachesEveryOpenStreamAsItIs() throws Exception {
        try (ActivityStreamClient client = connect("")) {
            assertThat(client.nextLine(WAIT)).isEmpty();
            sandbox.emitRawActivityLine("this is {not json");
            assertThat(client.nextNonBlank(WAIT)).isEqualTo("this is {not json");
        }
    }

    @Test
    void stopEndsEveryStream() throws Exception {
        ActivityStreamClient client = connect("");
        assertThat(client.nextLine(WAIT)).isEmpty();
        sandbox.stop();
        assertThat(client.nextNonBlank(WAIT)).isEqualTo(ActivityStreamClient.END);
        assertThat(sandbox.openActivityStreams()).isZero();
        client.close();
    }

    private int admin(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(sandbox.adminBaseUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build();
        return V2TestClient.send(request).status();
    }

    @Test
    void theAdminApiSteersOpenStreams() throws Exception {
        assertThat(admin("PUT", "activity/streams/keep-alive", "{\"millis\":50}")).isEqualTo(204);
        try (ActivityStreamClient client = connect("")) {
            assertThat(client.nextLine(WAIT)).isEmpty();
            assertThat(admin("POST", "activity/streams/raw", "{\"line\":\"garbage\"}")).isEqualTo(204);
            assertThat(client.nextNonBlank(WAIT)).isEqualTo("garbage");
            V2TestClient.Response state = V2TestClient.send(HttpRequest.newBuilder(
                    URI.create(sandbox.adminBaseUrl() + "activity")).GET().build());
            assertThat(state.json().path("openStreams").asInt()).isEqualTo(1);
            assertThat(state.json().path("subscriptions").get(0).path("event_type").asText())
                    .isEqualTo("dm.received");
            assertThat(admin("POST", "activity/streams/disconnect", null)).isEqualTo(204);
            assertThat(client.nextNonBlank(WAIT)).contains("operational-disconnect");
            assertThat(client.nextNonBlank(WAIT)).isEqualTo(ActivityStreamClient.END);
        }
        assertThat(admin("POST", "activity/webhooks/raw", "{}")).isEqualTo(409);
        assertThat(admin("PUT", "account-activity/cutoff", "{\"cutoff\":\"2027-01-01T00:00:00Z\"}"))
                .isEqualTo(204);
        assertThat(admin("PUT", "account-activity/cutoff", "{\"cutoff\":\"soon\"}")).isEqualTo(400);
        assertThat(admin("POST", "users/acme_support/revoke-app", null)).isEqualTo(204);
        assertThat(V2TestClient.oauth1(sandbox, "ck", "cs", "at-42", "ats-42").get("users/me").status())
                .isEqualTo(401);
    }
}
