package io.twitterhelpdesk.e2e.replies;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.e2e.support.TestHttp;
import io.twitterhelpdesk.e2e.support.QueueReader.Received;
import io.twitterhelpdesk.sandbox.DirectMessageRef;
import io.twitterhelpdesk.sandbox.SentDirectMessage;
import io.twitterhelpdesk.sandbox.SentTweet;
import io.twitterhelpdesk.sandbox.TweetRef;
import io.twitterhelpdesk.sandbox.TwitterSandbox;
import io.twitterhelpdesk.e2e.support.ApiFlavour;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.EnvelopeSchemaCheck;
import io.twitterhelpdesk.e2e.support.QueueReader;
import io.twitterhelpdesk.e2e.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Agents' replies end to end: REST API or reply queue -> sending rules -> real twitter4j -> sandbox, with one status
 * event per reply on the status queue. {@link RepliesV2Test} runs the same over X API v2.
 */
class RepliesTest {

    private static final String INBOUND = "twitter.inbound";
    private static final String REPLIES = "twitter.replies";
    private static final String STATUS = "twitter.reply.status";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String API_KEY = "test-api-key";

    @TempDir
    Path dataDir;
    private ConnectorHarness harness;
    private TwitterSandbox sandbox;
    private QueueReader jms;
    private final TestClock clock = new TestClock();
    private final HttpClient http = TestHttp.client();
    private final java.util.Map<String, java.util.Deque<JsonNode>> unclaimedStatuses = new java.util.HashMap<>();
    private String api;

    /** The Twitter API the test accounts use. */
    ApiFlavour api() {
        return ApiFlavour.V1_1;
    }

    @BeforeEach
    void start() throws Exception {
        harness = new ConnectorHarness(dataDir, api());
        harness.properties.put("api.keys", "other-key," + API_KEY);
        harness.properties.put("outbound.retry-delay", "100");
        harness.start(Map.of("clock", clock));
        sandbox = harness.sandbox;
        jms = harness.jms();
        api = harness.apiBaseUrl() + "/api/v1";
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void directMessageIsAnsweredByDirectMessageFromTheAccountTheCustomerWroteToLast() throws Exception {
        DirectMessageRef first = sandbox.injectDirectMessage("alice", "acme_support", "my order is late", List.of());
        sandbox.injectDirectMessage("alice", "acme_sales", "also, can I get a discount?", List.of());
        assertThat(jms.receive(INBOUND, 2, WAIT)).hasSize(2);

        HttpResponse<String> accepted = postWhenKnown(reply("r-1", "twitter:dm:42:" + first.senderId(),
                "Sorry about that, we are on it"));

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.headers().map()).doesNotContainKeys("X-API-Key", "x-api-key", "_AMQ_DUPL_ID");
        assertThat(json(accepted.body()).path("status").asText()).isEqualTo("queued");
        JsonNode status = statusOf("r-1");
        assertThat(status.path("status").asText()).isEqualTo("sent");
        List<SentDirectMessage> sent = sandbox.sentDirectMessages();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).fromScreenName()).isEqualTo("acme_sales");
        assertThat(sent.get(0).recipientId()).isEqualTo(first.senderId());
        assertThat(sent.get(0).text()).isEqualTo("Sorry about that, we are on it");
        assertThat(status.path("twitterId").asText()).isEqualTo(Long.toString(sent.get(0).id()));
        assertThat(json(get("/replies/r-1").body()).path("status").asText()).isEqualTo("sent");
        // the account's own reply comes back through the DM poll as an echo and is not delivered to the helpdesk
        assertThat(jms.drain(INBOUND, Duration.ofMillis(800))).isEmpty();
    }

    @Test
    void mentionIsAnsweredInPublicUnderTheCustomersLatestTweetInTheThread() throws Exception {
        TweetRef opening = sandbox.injectMention("bob", "@acme_support my parcel never came", null, List.of());
        TweetRef followUp = sandbox.injectMention("bob", "@acme_support hello??", opening.id(), List.of());
        assertThat(jms.receive(INBOUND, 2, WAIT)).hasSize(2);

        postWhenKnown(reply("r-public", "twitter:thread:" + opening.id(), "Sorry Bob, we will DM you"));

        assertThat(statusOf("r-public").path("status").asText()).isEqualTo("sent");
        List<SentTweet> tweets = sandbox.sentTweets();
        assertThat(tweets).hasSize(1);
        assertThat(tweets.get(0).screenName()).isEqualTo("acme_support");
        assertThat(tweets.get(0).inReplyToStatusId()).isEqualTo(followUp.id());
        assertThat(tweets.get(0).text()).contains("Sorry Bob, we will DM you");
        assertThat(sandbox.sentDirectMessages()).isEmpty();
    }

    @Test
    void aReplyWithALinkIsFlaggedInItsStatusWithWhatXBillsForIt() throws Exception {
        TweetRef mention = sandbox.injectMention("bob", "@acme_support where is my parcel?", null, List.of());
        assertThat(jms.receive(INBOUND, 1, WAIT)).hasSize(1);

        postWhenKnown(reply("r-link", "twitter:thread:" + mention.id(), "Track it at https://example.com/t/1"));
        JsonNode linked = statusOf("r-link");
        assertThat(linked.path("status").asText()).isEqualTo("sent");
        assertThat(linked.path("costUnits").asText()).isEqualTo("post_create_with_url");
        assertThat(linked.path("estimatedCost").decimalValue()).isEqualByComparingTo("0.200");
        assertThat(linked.path("currency").asText()).isEqualTo("USD");

        postWhenKnown(reply("r-plain", "twitter:thread:" + mention.id(), "It left our warehouse today"));
        JsonNode plain = statusOf("r-plain");
        assertThat(plain.path("status").asText()).isEqualTo("sent");
        assertThat(plain.has("costUnits")).as("no link, no flag").isFalse();
        assertThat(plain.has("estimatedCost")).isFalse();
        assertThat(sandbox.sentTweets()).hasSize(2);
    }

    @Test
    void publicRepliesWithALinkAreRefusedOrSentByDmInsteadWhenConfigured() throws Exception {
        harness.stopConnector();
        harness.properties.put("outbound.url-replies", "sometimes");
        assertThat(io.twitterhelpdesk.e2e.support.RunningConnector.refusal(harness.properties).getMessage())
                .contains("outbound.url-replies must be allow, refuse or dm-instead, not 'sometimes'");

        harness.properties.put("outbound.url-replies", "refuse");
        harness.start(Map.of("clock", clock));
        jms = harness.jms();
        TweetRef dave = sandbox.injectMention("dave", "@acme_support my invoice is wrong", null, List.of());
        assertThat(jms.receive(INBOUND, 1, WAIT)).hasSize(1);
        postWhenKnown(reply("r-refused", "twitter:thread:" + dave.id(), "See https://example.com/invoices"));
        JsonNode refused = statusOf("r-refused");
        assertThat(refused.path("status").asText()).isEqualTo("rejected");
        assertThat(refused.path("error").path("code").asText()).isEqualTo("url_reply_refused");
        assertThat(refused.path("costUnits").asText()).isEqualTo("post_create_with_url");
        assertThat(sandbox.sentTweets()).isEmpty();

        harness.properties.put("outbound.url-replies", "dm-instead");
        harness.restart(Map.of("clock", clock));
        jms = harness.jms();
        postWhenKnown(reply("r-no-dm", "twitter:thread:" + dave.id(), "See https://example.com/invoices/1"));
        assertThat(statusOf("r-no-dm").path("error").path("code").asText()).as("dave never DMed the account")
                .isEqualTo("url_reply_needs_dm");
        sandbox.injectDirectMessage("dave", "acme_support", "here is my invoice number: 123", List.of());
        assertThat(jms.receive(INBOUND, 1, WAIT)).hasSize(1);
        postWhenKnown(reply("r-by-dm", "twitter:thread:" + dave.id(), "See https://example.com/invoices/123"));
        JsonNode byDm = statusOf("r-by-dm");
        assertThat(byDm.path("status").asText()).isEqualTo("sent");
        assertThat(byDm.path("costUnits").asText()).isEqualTo("dm_create");
        assertThat(byDm.path("estimatedCost").decimalValue()).isEqualByComparingTo("0.015");
        assertThat(sandbox.sentDirectMessages()).singleElement().satisfies(dm -> {
            assertThat(dm.recipientId()).isEqualTo(dave.userId());
            // X (and the sandbox) shortens the link to a t.co one
            assertThat(dm.text()).startsWith("See https://t.co/");
        });
        assertThat(sandbox.sentTweets()).as("no public post").isEmpty();
    }

    @Test
    void windowAllowsFiveRepliesReopensOnANewCustomerMessageAndClosesAfter24Hours() throws Exception {
        DirectMessageRef dm = sandbox.injectDirectMessage("carol", "acme_support", "hello", List.of());
        assertThat(jms.receive(INBOUND, 1, WAIT)).hasSize(1);
        String key = "twitter:dm:42:" + dm.senderId();
        for (int i = 1; i <= 5; i++) {
            postWhenKnown(reply("w-" + i, key, "answer " + i));
            assertThat(statusOf("w-" + i).path("status").asText()).isEqualTo("sent");
        }

        post(reply("w-6", key, "one too many"));
        JsonNode sixth = statusOf("w-6");
        assertThat(sixth.path("status").asText()).isEqualTo("rejected");
        assertThat(sixth.path("error").path("code").asText()).isEqualTo("window_limit_reached");

        sandbox.injectDirectMessage("carol", "acme_support", "one more question", List.of());
        assertThat(jms.receive(INBOUND, 1, WAIT)).hasSize(1);
        awaitReplySent("w-7", key, "window reopened");

        clock.advance(Duration.ofHours(25));
        post(reply("w-8", key, "too late"));
        JsonNode late = statusOf("w-8");
        assertThat(late.path("status").asText()).isEqualTo("rejected");
        assertThat(late.path("error").path("code").asText()).isEqualTo("outside_messaging_window");
        assertThat(late.path("error").path("message").asText()).contains("25 hours");
        assertThat(sandbox.sentDirectMessages()).hasSize(6);
    }

    @Test
    void rateLimitedSendWaitsForTheResetAndIsNotLost() throws Exception {
        DirectMessageRef dm = sandbox.injectDirectMessage("dave", "acme_support", "hi", List.of());
        assertThat(jms.receive(INBOUND, 1, WAIT)).hasSize(1);
        Instant reset = Instant.now().plusSeconds(2);
        sandbox.failNextWithRateLimit(api().dmSendKey, reset, 1);

        postWhenKnown(reply("rl-1", "twitter:dm:42:" + dm.senderId(), "thanks for waiting"));

        JsonNode status = statusOf("rl-1");
        assertThat(status.path("status").asText()).isEqualTo("sent");
        assertThat(Instant.now()).isAfterOrEqualTo(reset.minusSeconds(1));
        assertThat(sandbox.sentDirectMessages()).hasSize(1);
        assertThat(sandbox.requestCount(api().dmSendKey)).isEqualTo(2);
    }

    /**
     * More 429s in a row than the broker's delivery attempts (broker.max-delivery-attempts, 5): each one reschedules
     * the request for the reset instead of counting as a failed delivery, so the reply is sent once the limit lifts,
     * not dead-lettered.
     */
    @Test
    void aSendRateLimitedMoreTimesThanTheBrokersDeliveryAttemptsIsRescheduledEachTimeThenSent() throws Exception {
        DirectMessageRef dm = sandbox.injectDirectMessage("gina", "acme_support", "hi", List.of());
        assertThat(jms.receive(INBOUND, 1, WAIT)).hasSize(1);
        sandbox.failNextWithRateLimit(api().dmSendKey, Instant.now().plusMillis(500), 6);

        postWhenKnown(reply("rl-many", "twitter:dm:42:" + dm.senderId(), "sorry for the wait"));

        assertThat(statusOf("rl-many").path("status").asText()).isEqualTo("sent");
        assertThat(sandbox.sentDirectMessages()).extracting(d -> d.text()).containsExactly("sorry for the wait");
        assertThat(sandbox.requestCount(api().dmSendKey)).isEqualTo(7);
    }

    /** Twitter down (5xx) for longer than the retries (outbound.retries, 3): the reply is answered failed, once. */
    @Test
    void aSendTwitterKeepsFailingIsRetriedThenAnsweredFailedWithItsReason() throws Exception {
        DirectMessageRef dm = sandbox.injectDirectMessage("hank", "acme_support", "hi", List.of());
        assertThat(jms.receive(INBOUND, 1, WAIT)).hasSize(1);
        sandbox.failNext(api().dmSendKey, 503, "{\"errors\":[{\"code\":130,\"message\":\"Over capacity\"}]}", 20);

        postWhenKnown(reply("down-1", "twitter:dm:42:" + dm.senderId(), "we are on it"));

        JsonNode status = statusOf("down-1");
        assertThat(status.path("status").asText()).isEqualTo("failed");
        assertThat(status.path("error").path("code").asText()).isEqualTo("twitter_unavailable");
        assertThat(sandbox.requestCount(api().dmSendKey)).as("the first try and outbound.retries retries")
                .isEqualTo(4);
        assertThat(sandbox.sentDirectMessages()).isEmpty();
    }

    @Test
    void sameReplyIdTwiceSendsOnceAndAnswersTheFirstOutcome() throws Exception {
        DirectMessageRef dm = sandbox.injectDirectMessage("erin", "acme_support", "hi", List.of());
        assertThat(jms.receive(INBOUND, 1, WAIT)).hasSize(1);
        String request = reply("dup-1", "twitter:dm:42:" + dm.senderId(), "only once");
        postWhenKnown(request);
        JsonNode first = statusOf("dup-1");

        HttpResponse<String> again = post(request);
        jms.send(REPLIES, request);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again.body()).path("status").asText()).isEqualTo("sent");
        assertThat(json(again.body()).path("twitterId").asText()).isEqualTo(first.path("twitterId").asText());
        assertThat(statusOf("dup-1").path("twitterId").asText()).isEqualTo(first.path("twitterId").asText());
        assertThat(sandbox.sentDirectMessages()).hasSize(1);
    }

    @Test
    void apiRefusesMissingAndWrongCredentials() throws Exception {
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(api + "/accounts")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(api + "/replies"))
                        .header("Content-Type", "application/json").header("X-API-Key", "guess")
                        .POST(HttpRequest.BodyPublishers.ofString(reply("x", "twitter:dm:42:1000", "hi"))).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> bearer = http.send(HttpRequest.newBuilder(URI.create(api + "/accounts"))
                .header("Authorization", "Bearer " + API_KEY).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(json(none.body()).path("error").path("code").asText()).isEqualTo("missing_credentials");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong.body()).path("error").path("code").asText()).isEqualTo("invalid_credentials");
        assertThat(bearer.statusCode()).isEqualTo(200);
        assertThat(jms.drain(STATUS, Duration.ofMillis(500))).isEmpty();
    }

    @Test
    void badRequestsGetAClearClientErrorAndNothingIsSent() throws Exception {
        DirectMessageRef dm = sandbox.injectDirectMessage("frank", "acme_support", "hi", List.of());
        assertThat(jms.receive(INBOUND, 1, WAIT)).hasSize(1);
        String key = "twitter:dm:42:" + dm.senderId();
        postWhenKnown(reply("ok-1", key, "fine"));
        statusOf("ok-1");

        assertProblem(post("{not json"), 400, "malformed_json");
        assertProblem(post("{\"replyId\":\"b-2\",\"conversationKey\":\"" + key + "\"}"), 400, "missing_text");
        assertProblem(post(""), 400, "empty_body");
        assertProblem(post(reply("b-4", "twitter:dm:42:999999", "hello?")), 422, "unknown_conversation");
        assertProblem(post("{\"replyId\":\"b-5\",\"conversationKey\":\"" + key + "\",\"text\":\"x\",\"accountId\":\"77\"}"),
                422, "unknown_account");
        assertProblem(send("text/plain", reply("b-6", key, "hi")), 415, "unsupported_media_type");
        assertThat(post(reply("b-7", key, "x".repeat(70_000))).statusCode()).isEqualTo(413);

        assertThat(jms.drain(STATUS, Duration.ofMillis(800))).isEmpty();
        assertThat(sandbox.sentDirectMessages()).hasSize(1);
    }

    @Test
    void badRequestsOnTheReplyQueueBecomeRejectedStatusEvents() throws Exception {
        DirectMessageRef dm = sandbox.injectDirectMessage("gina", "acme_support", "hi", List.of());
        assertThat(jms.receive(INBOUND, 1, WAIT)).hasSize(1);
        String key = "twitter:dm:42:" + dm.senderId();

        jms.send(REPLIES, "{\"replyId\":\"q-1\",\"conversationKey\":\"" + key + "\"}");
        jms.send(REPLIES, reply("q-2", "twitter:dm:42:999999", "hello?"));
        jms.send(REPLIES, reply("q-3", key, "public please").replace("}", ",\"mode\":\"public\"}"));
        jms.send(REPLIES, "{broken");

        List<JsonNode> statuses = jms.receive(STATUS, 4, WAIT).stream().map(r -> json(r.body())).toList();
        assertThat(statuses).extracting(s -> s.path("status").asText()).containsOnly("rejected");
        assertThat(statuses).extracting(s -> s.path("error").path("code").asText())
                .containsExactlyInAnyOrder("missing_text", "customer_has_not_written_first", "dm_never_public",
                        "malformed_json");
        assertThat(sandbox.sentDirectMessages()).isEmpty();
        assertThat(sandbox.sentTweets()).isEmpty();
        assertThat(jms.drain(REPLIES, Duration.ofMillis(500))).isEmpty();
    }

    @Test
    void accountsAreListedWithDirectMessageLinksAndTheApiIsDescribed() throws Exception {
        JsonNode accounts = json(get("/accounts").body());
        assertThat(accounts).hasSize(2);
        assertThat(accounts.get(0).path("id").asText()).isEqualTo("42");
        assertThat(accounts.get(0).path("dmLink").asText())
                .isEqualTo("https://twitter.com/messages/compose?recipient_id=42");
        assertThat(json(get("/accounts/43/dm-link?text=Hi%20there").body()).path("url").asText())
                .isEqualTo("https://twitter.com/messages/compose?recipient_id=43&text=Hi%20there");
        HttpResponse<String> openapi = http.send(HttpRequest.newBuilder(URI.create(api + "/openapi.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(openapi.statusCode()).isEqualTo(200);
        assertThat(openapi.body()).contains("/replies/{replyId}");
    }

    // ---- helpers ----

    @Test
    void anAutomatedHelpdeskAnsweringTheMomentTheEnvelopeArrivesIsNotRefused() throws Exception {
        // an auto-responder: each envelope is answered (by the queue or the REST API) as soon as it is read
        for (int i = 0; i < 8; i++) {
            sandbox.injectDirectMessage("auto" + i, "acme_support", "order " + i + "?", List.of());
        }
        for (int i = 0; i < 8; i++) {
            List<Received> got = jms.receive(INBOUND, 1, WAIT);
            assertThat(got).hasSize(1);
            String key = json(got.get(0).body()).path("conversationKey").asText();
            if (i % 2 == 0) {
                jms.send(REPLIES, reply("auto-" + i, key, "We got your message, an agent will answer soon"));
            } else {
                HttpResponse<String> accepted = post(reply("auto-" + i, key, "We got your message, thanks"));
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            }
        }

        for (int i = 0; i < 8; i++) {
            JsonNode status = statusOf("auto-" + i);
            assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("sent");
        }
    }

    private static String reply(String replyId, String conversationKey, String text) {
        return "{\"replyId\":\"" + replyId + "\",\"conversationKey\":\"" + conversationKey + "\",\"text\":\"" + text
                + "\"}";
    }

    private HttpResponse<String> post(String body) throws Exception {
        return send("application/json", body);
    }

    private HttpResponse<String> send(String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api + "/replies")).header("Content-Type", contentType)
                .header("X-API-Key", API_KEY).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api + path)).header("X-API-Key", API_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The customer's message is recorded right after its delivery: retry a 422 for a moment. */
    private HttpResponse<String> postWhenKnown(String body) throws Exception {
        long until = System.nanoTime() + WAIT.toNanos();
        HttpResponse<String> response = post(body);
        while (response.statusCode() == 422 && System.nanoTime() < until) {
            Thread.sleep(50);
            response = post(body);
        }
        assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
        return response;
    }

    private void awaitReplySent(String replyId, String key, String text) throws Exception {
        long until = System.nanoTime() + WAIT.toNanos();
        String id = replyId;
        for (int attempt = 0; System.nanoTime() < until; attempt++) {
            id = replyId + "-" + attempt;
            post(reply(id, key, text));
            if (statusOf(id).path("status").asText().equals("sent")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("reply " + id + " was never sent");
    }

    /**
     * The next status event of a reply. Several senders answer different conversations at once, so events of other
     * replies that come first are kept for their own call.
     */
    private JsonNode statusOf(String replyId) throws Exception {
        long until = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < until) {
            java.util.Deque<JsonNode> earlier = unclaimedStatuses.get(replyId);
            if (earlier != null && !earlier.isEmpty()) {
                return earlier.poll();
            }
            for (Received r : jms.receive(STATUS, 1, Duration.ofMillis(500))) {
                JsonNode status = json(r.body());
                if (status.path("replyId").isTextual()) {
                    assertThat(r.properties()).containsEntry("ReplyId", status.path("replyId").asText());
                }
                unclaimedStatuses.computeIfAbsent(status.path("replyId").asText(), id -> new java.util.ArrayDeque<>())
                        .add(status);
            }
        }
        throw new AssertionError("no status event for reply " + replyId);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("X-API-Key")).isEmpty();
        assertThat(json(response.body()).path("error").path("code").asText()).isEqualTo(code);
        assertThat(json(response.body()).path("error").path("message").asText()).isNotBlank();
    }

    private static JsonNode json(String text) {
        return EnvelopeSchemaCheck.parse(text);
    }
}
