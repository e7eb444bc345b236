package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twitterhelpdesk.sandbox.WebhookReceiver.Post;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import twitter4j.Twitter;
import twitter4j.v1.DirectMessage;
import twitter4j.v1.Status;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Account Activity webhook delivery, checked by a receiver that verifies CRC answers and signatures on its own. */
class TwitterSandboxWebhookTest {

    private static final String SECRET = "cs~+/ x";
    private static final long ACCOUNT_ID = 42;
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private TwitterSandbox sandbox;
    private WebhookReceiver receiver;
    private String webhookUrl;

    @BeforeEach
    void start() throws IOException {
        sandbox = new TwitterSandbox().start();
        sandbox.registerAccount(ACCOUNT_ID, "acme_support", "ACME Support", "ck", SECRET, "at-42", "ats-42");
        receiver = new WebhookReceiver(SECRET, "webhooks/twitter");
        webhookUrl = receiver.url("webhooks/twitter");
    }

    @AfterEach
    void stop() {
        sandbox.close();
        receiver.close();
    }

    /** The next POST, checked to be JSON signed with {@link #SECRET}. */
    private JsonNode nextSignedPost() throws Exception {
        return receiver.nextSignedPost(SECRET, WAIT);
    }

    private Twitter twitter() {
        Properties props = new Properties();
        props.setProperty("restBaseURL", sandbox.restBaseUrl());
        return Twitter.newBuilder().oAuthConsumer("ck", SECRET).oAuthAccessToken("at-42", "ats-42").load(props).build();
    }

    @Test
    void correctCrcAnswerRegistersTheWebhook() {
        sandbox.registerWebhook(webhookUrl, SECRET);

        assertThat(receiver.crcTokens()).singleElement().asString().isNotBlank();
        assertThat(sandbox.webhook()).hasValueSatisfying(w -> {
            assertThat(w.url()).isEqualTo(webhookUrl);
            assertThat(w.valid()).isTrue();
        });
        assertThatThrownBy(() -> sandbox.registerWebhook(webhookUrl, SECRET))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already registered");
        sandbox.unregisterWebhook();
        assertThat(sandbox.webhook()).isEmpty();
    }

    @Test
    void wrongCrcAnswerIsRefusedWithAClearMessage() {
        receiver.answerCrcWith("not-the-secret");
        assertThatThrownBy(() -> sandbox.registerWebhook(webhookUrl, SECRET))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CRC check failed")
                .hasMessageContaining("response_token")
                .hasMessageContaining("HMAC-SHA256");
        assertThat(sandbox.webhook()).isEmpty();

        String nobody = receiver.url("nothing-here");
        assertThatThrownBy(() -> sandbox.registerWebhook(nobody, SECRET))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("answered HTTP 404");
        assertThatThrownBy(() -> sandbox.registerWebhook("ftp://127.0.0.1/x", SECRET))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void injectedDirectMessageArrivesSignedWithUsers() throws Exception {
        sandbox.registerWebhook(webhookUrl, SECRET);

        DirectMessageRef ref = sandbox.injectDirectMessage("alice", "acme_support",
                "Broken, see https://example.com/o/1", List.of());
        JsonNode body = nextSignedPost();

        long alice = sandbox.user("alice").orElseThrow().id();
        assertThat(body.path("for_user_id").asText()).isEqualTo("42");
        JsonNode event = body.path("direct_message_events").get(0);
        assertThat(body.path("direct_message_events")).hasSize(1);
        assertThat(event.path("type").asText()).isEqualTo("message_create");
        assertThat(event.path("id").asText()).isEqualTo(Long.toString(ref.id()));
        assertThat(event.path("message_create").path("sender_id").asText()).isEqualTo(Long.toString(alice));
        assertThat(event.path("message_create").path("target").path("recipient_id").asText()).isEqualTo("42");
        assertThat(event.path("message_create").path("message_data").path("text").asText())
                .startsWith("Broken, see https://t.co/");
        assertThat(event.path("message_create").has("source_app_id")).isFalse();
        assertThat(body.path("users").path(Long.toString(alice)).path("screen_name").asText()).isEqualTo("alice");
        assertThat(body.path("users").path("42").path("screen_name").asText()).isEqualTo("acme_support");
        assertThat(body.path("users").path("42").path("protected").isBoolean()).isTrue();
        assertThat(body.has("apps")).isFalse();

        DirectMessage listed = twitter().v1().directMessages().getDirectMessages(50).get(0);
        assertThat(event.path("message_create").path("message_data").path("text").asText()).isEqualTo(listed.getText());
        assertThat(sandbox.awaitWebhookIdle(WAIT)).isTrue();
        assertThat(sandbox.webhookDeliveries()).singleElement().satisfies(d -> {
            assertThat(d.eventType()).isEqualTo("direct_message_events");
            assertThat(d.forUserId()).isEqualTo(ACCOUNT_ID);
            assertThat(d.attempt()).isEqualTo(1);
            assertThat(d.httpStatus()).isEqualTo(200);
            assertThat(json.readTree(d.body())).isEqualTo(body);
        });
    }

    @Test
    void mentionArrivesAsTweetCreateEventsOncePerMentionedAccount() throws Exception {
        sandbox.registerAccount(43, "acme_sales", "ACME Sales", "ck", SECRET, "at-43", "ats-43");
        sandbox.registerWebhook(webhookUrl, SECRET);

        TweetRef ref = sandbox.injectMention("bob", "@acme_support @acme_sales where is my parcel?", null, List.of());
        List<JsonNode> bodies = List.of(nextSignedPost(), nextSignedPost());

        assertThat(bodies).extracting(b -> b.path("for_user_id").asText()).containsExactlyInAnyOrder("42", "43");
        for (JsonNode body : bodies) {
            JsonNode status = body.path("tweet_create_events").get(0);
            assertThat(status.path("id").asLong()).isEqualTo(ref.id());
            assertThat(status.path("user").path("screen_name").asText()).isEqualTo("bob");
            assertThat(status.path("full_text").asText()).isEqualTo(ref.text());
            assertThat(body.path("user_has_blocked").isBoolean()).isTrue();
            assertThat(body.path("user_has_blocked").asBoolean()).isFalse();
        }
    }

    @Test
    void accountsOwnDirectMessageAndTweetThroughTwitter4jArrive() throws Exception {
        long alice = sandbox.createUser("alice", "Alice").id();
        sandbox.registerWebhook(webhookUrl, SECRET);
        Twitter twitter = twitter();

        DirectMessage sent = twitter.v1().directMessages().sendDirectMessage(alice, "Hello from support");
        JsonNode dm = nextSignedPost();

        assertThat(dm.path("for_user_id").asText()).isEqualTo("42");
        JsonNode create = dm.path("direct_message_events").get(0).path("message_create");
        assertThat(dm.path("direct_message_events").get(0).path("id").asText()).isEqualTo(Long.toString(sent.getId()));
        assertThat(create.path("sender_id").asText()).isEqualTo("42");
        String appId = create.path("source_app_id").asText();
        assertThat(appId).isNotEmpty();
        assertThat(dm.path("apps").path(appId).path("id").asText()).isEqualTo(appId);
        assertThat(dm.path("apps").path(appId).path("name").asText()).isNotEmpty();
        assertThat(dm.path("users").path(Long.toString(alice)).path("screen_name").asText()).isEqualTo("alice");

        Status tweet = twitter.v1().tweets().updateStatus("We are on it");
        JsonNode own = nextSignedPost();
        assertThat(own.path("for_user_id").asText()).isEqualTo("42");
        assertThat(own.path("tweet_create_events").get(0).path("id").asLong()).isEqualTo(tweet.getId());
        assertThat(own.has("user_has_blocked")).isFalse();
    }

    @Test
    void accountsOwnDirectMessageAndTweetThroughV2Arrive() throws Exception {
        long alice = sandbox.createUser("alice", "Alice").id();
        sandbox.registerWebhook(webhookUrl, SECRET);
        V2TestClient v2 = V2TestClient.oauth1(sandbox, "ck", SECRET, "at-42", "ats-42");

        var sent = v2.postJson("dm_conversations/with/" + alice + "/messages", "{\"text\":\"Hello via v2\"}");
        JsonNode dm = nextSignedPost();
        assertThat(dm.path("direct_message_events").get(0).path("id").asText())
                .isEqualTo(sent.json().path("data").path("dm_event_id").asText());
        assertThat(dm.path("direct_message_events").get(0).path("message_create").path("source_app_id").asText())
                .isNotEmpty();

        var tweet = v2.postJson("tweets", "{\"text\":\"Posted via v2\"}");
        JsonNode own = nextSignedPost();
        assertThat(own.path("tweet_create_events").get(0).path("id_str").asText())
                .isEqualTo(tweet.json().path("data").path("id").asText());
    }

    @Test
    void deliveryIsAsynchronous() throws Exception {
        sandbox.registerWebhook(webhookUrl, SECRET);
        CountDownLatch release = new CountDownLatch(1);
        receiver.holdPostsUntil(release, WAIT);

        sandbox.injectDirectMessage("alice", "acme_support", "hi", List.of());

        assertThat(sandbox.pendingWebhookDeliveries()).isEqualTo(1);
        assertThat(sandbox.awaitWebhookIdle(Duration.ofMillis(200))).isFalse();
        release.countDown();
        assertThat(sandbox.awaitWebhookIdle(WAIT)).isTrue();
        assertThat(receiver.posts()).hasSize(1);
    }

    @Test
    void non200IsRetriedUntilAccepted() throws Exception {
        sandbox.setWebhookRetryDelays(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(200));
        sandbox.registerWebhook(webhookUrl, SECRET);
        receiver.answerNextPosts(503, 503);

        sandbox.injectDirectMessage("alice", "acme_support", "anyone there?", List.of());

        assertThat(sandbox.awaitWebhookIdle(WAIT)).isTrue();
        assertThat(sandbox.webhookDeliveries()).extracting(WebhookDelivery::attempt, WebhookDelivery::httpStatus)
                .containsExactly(tuple(1, 503), tuple(2, 503), tuple(3, 200));
        List<Post> received = receiver.posts();
        assertThat(received).hasSize(3).extracting(Post::text).containsOnly(received.get(0).text());
    }

    @Test
    void unreachableReceiverGetsThreeRetriesLoggedAsMinusOne() {
        sandbox.setWebhookRetryDelays(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(50));
        sandbox.registerWebhook(webhookUrl, SECRET);
        receiver.close();

        sandbox.injectMention("bob", "@acme_support hello?", null, List.of());

        assertThat(sandbox.awaitWebhookIdle(WAIT)).isTrue();
        assertThat(sandbox.webhookDeliveries()).extracting(WebhookDelivery::attempt).containsExactly(1, 2, 3, 4);
        assertThat(sandbox.webhookDeliveries()).allSatisfy(d -> {
            assertThat(d.httpStatus()).isEqualTo(-1);
            assertThat(d.eventType()).isEqualTo("tweet_create_events");
        });
    }

    @Test
    void failedCrcRecheckStopsDeliveriesUntilItPassesAgain() throws Exception {
        sandbox.registerWebhook(webhookUrl, SECRET);

        receiver.answerCrcWith("rotated");
        assertThat(sandbox.triggerCrc()).isFalse();
        assertThat(sandbox.webhook().orElseThrow().valid()).isFalse();
        sandbox.injectDirectMessage("alice", "acme_support", "lost", List.of());
        assertThat(sandbox.awaitWebhookIdle(WAIT)).isTrue();
        assertThat(receiver.posts()).isEmpty();

        receiver.answerCrcWith(SECRET);
        assertThat(sandbox.triggerCrc()).isTrue();
        sandbox.injectDirectMessage("alice", "acme_support", "delivered", List.of());
        assertThat(nextSignedPost().path("direct_message_events").get(0).path("message_create")
                .path("message_data").path("text").asText()).isEqualTo("delivered");
        assertThat(receiver.crcTokens()).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void pushRawSendsTheBodyAsIsAndSigned() throws Exception {
        sandbox.registerWebhook(webhookUrl, SECRET);
        String odd = """
                {"for_user_id":"42","direct_message_events":[{"type":"message_create"}],"x":"\u00e9"}""";

        assertThat(sandbox.pushRaw(odd)).isEqualTo(200);
        Post post = receiver.nextPost(WAIT);
        assertThat(post).isNotNull();
        assertThat(post.text()).isEqualTo(odd);
        assertThat(post.signature()).isEqualTo(WebhookReceiver.hmac(SECRET, odd.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(sandbox.signWebhookBody(odd.getBytes(StandardCharsets.UTF_8)));

        receiver.answerNextPosts(400);
        assertThat(sandbox.pushRaw("not json")).isEqualTo(400);
        assertThat(sandbox.webhookDeliveries()).isEmpty();
    }

    @Test
    void pushOtherEventSendsSignedBodiesOfThatKind() throws Exception {
        sandbox.registerWebhook(webhookUrl, SECRET);

        for (String kind : List.of("favorite_events", "follow_events", "block_events", "mute_events",
                "direct_message_indicate_typing_events", "direct_message_mark_read_events", "tweet_delete_events",
                "brand_new_events")) {
            assertThat(sandbox.pushOtherEvent(kind)).isEqualTo(200);
            JsonNode body = nextSignedPost();
            assertThat(body.path("for_user_id").asText()).as(kind).isEqualTo("42");
            assertThat(body.path(kind).isArray()).as(kind).isTrue();
            assertThat(body.path(kind)).as(kind).hasSize(1);
        }
        assertThat(sandbox.pushOtherEvent("user_event")).isEqualTo(200);
        JsonNode revoke = nextSignedPost();
        assertThat(revoke.path("user_event").path("revoke").path("source").path("user_id").asText()).isEqualTo("42");
        assertThatThrownBy(() -> sandbox.pushOtherEvent("Bad Kind")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void adminApiRegistersListsAndDeletesTheWebhook() throws Exception {
        receiver.answerCrcWith("wrong");
        HttpResponse<String> refused = admin("POST", "{\"url\":\"" + webhookUrl + "\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json.readTree(refused.body()).path("error").asText()).contains("CRC check failed");

        receiver.answerCrcWith(SECRET);
        HttpResponse<String> created = admin("POST", "{\"url\":\"" + webhookUrl + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json.readTree(created.body()).path("url").asText()).isEqualTo(webhookUrl);
        assertThat(admin("POST", "{\"url\":\"" + webhookUrl + "\"}").statusCode()).isEqualTo(409);

        sandbox.injectDirectMessage("alice", "acme_support", "hi", List.of());
        assertThat(sandbox.awaitWebhookIdle(WAIT)).isTrue();
        JsonNode listed = json.readTree(admin("GET", null).body());
        assertThat(listed.path("webhook").path("valid").asBoolean()).isTrue();
        assertThat(listed.path("pending").asInt()).isZero();
        JsonNode delivery = listed.path("deliveries").get(0);
        assertThat(delivery.path("eventType").asText()).isEqualTo("direct_message_events");
        assertThat(delivery.path("forUserId").asText()).isEqualTo("42");
        assertThat(delivery.path("httpStatus").asInt()).isEqualTo(200);
        assertThat(json.readTree(delivery.path("body").asText()).path("for_user_id").asText()).isEqualTo("42");

        assertThat(admin("DELETE", null).statusCode()).isEqualTo(204);
        assertThat(json.readTree(admin("GET", null).body()).path("webhook").isNull()).isTrue();
    }

    private HttpResponse<String> admin(String method, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.adminBaseUrl() + "webhooks"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
