package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * X Activity API in the sandbox: app-only tokens, subscriptions, V2 webhooks (CRC, signed deliveries, retries,
 * replay) and the events of DMs, mentions, replies and app revocations, checked over real HTTP on loopback.
 */
class TwitterSandboxActivityTest {

    private static final String SECRET = "cs~+/ x";
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final DateTimeFormatter REPLAY_DATE = DateTimeFormatter.ofPattern("yyyyMMddHHmm")
            .withZone(ZoneOffset.UTC);

    private TwitterSandbox sandbox;
    private WebhookReceiver receiver;
    private V2TestClient app;
    private V2TestClient support;
    private V2TestClient billing;

    @BeforeEach
    void start() throws Exception {
        sandbox = new TwitterSandbox().start();
        sandbox.registerAccount(42, "acme_support", "ACME Support", "ck", SECRET, "at-42", "ats-42");
        sandbox.registerAccount(43, "acme_billing", "ACME Billing", "ck", SECRET, "at-43", "ats-43");
        sandbox.setActivityWebhookRetryDelays(Duration.ofMillis(100));
        receiver = new WebhookReceiver(SECRET);
        app = V2TestClient.bearer(sandbox, sandbox.appBearerToken("ck"));
        support = V2TestClient.oauth1(sandbox, "ck", SECRET, "at-42", "ats-42");
        billing = V2TestClient.oauth1(sandbox, "ck", SECRET, "at-43", "ats-43");
    }

    @AfterEach
    void stop() {
        sandbox.close();
        receiver.close();
    }

    private V2TestClient.Response appToken(String credentials, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.appTokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return V2TestClient.send(request.build());
    }

    private String createWebhook(String path) throws Exception {
        V2TestClient.Response created = app.postJson("webhooks", "{\"url\":\"" + receiver.url(path) + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return created.json().path("data").path("id").asText();
    }

    private String subscribe(V2TestClient client, String json) throws Exception {
        V2TestClient.Response created = client.postJson("activity/subscriptions", json);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return created.json().path("data").path("subscription").path("subscription_id").asText();
    }

    private static void assertInvalid(V2TestClient.Response response, String messagePart) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("title").asText()).isEqualTo("Invalid Request");
        assertThat(response.json().path("errors").get(0).path("message").asText()).contains(messagePart);
    }

    @Test
    void appTokenIsTheSameForTheSameAppAndOnlyWorksWhereXAcceptsAppOnly() throws Exception {
        V2TestClient.Response first = appToken("ck:" + URLEncoder.encode(SECRET, StandardCharsets.UTF_8),
                "grant_type=client_credentials");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().path("token_type").asText()).isEqualTo("bearer");
        assertThat(first.json().path("access_token").asText()).isEqualTo(sandbox.appBearerToken("ck"));
        assertThat(appToken("ck:" + URLEncoder.encode(SECRET, StandardCharsets.UTF_8),
                "grant_type=client_credentials").json()).isEqualTo(first.json());

        for (V2TestClient.Response refused : List.of(appToken("ck:wrong", "grant_type=client_credentials"),
                appToken(null, "grant_type=client_credentials"), appToken("ck:" + SECRET, ""))) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().path("errors").get(0).path("code").asInt()).isEqualTo(99);
            assertThat(refused.json().path("errors").get(0).path("label").asText())
                    .isEqualTo("authenticity_token_error");
        }
        assertThat(sandbox.requestCount("oauth2_app_token")).isEqualTo(5);

        V2TestClient.Response me = app.get("users/me");
        assertThat(me.status()).isEqualTo(403);
        assertThat(me.json().path("title").asText()).isEqualTo("Unsupported Authentication");
        assertThat(me.json().path("detail").asText()).contains("OAuth 2.0 Application-Only");
        assertThat(app.get("users/42/mentions").status()).isEqualTo(200);
        assertThat(app.get("users/43").json().path("data").path("username").asText()).isEqualTo("acme_billing");
        V2TestClient.Response userOnWebhooks = support.get("webhooks");
        assertThat(userOnWebhooks.status()).isEqualTo(403);
        assertThat(userOnWebhooks.json().path("detail").asText()).contains("OAuth 1.0a User Context");
        assertThat(V2TestClient.bearer(sandbox, "AAAAnot-a-token").get("webhooks").status()).isEqualTo(401);
    }

    @Test
    void subscriptionsAreCreatedListedByPagesUpdatedAndDeleted() throws Exception {
        String webhookId = createWebhook("xaa");
        String posts = subscribe(app, "{\"event_type\":\"post.create\",\"filter\":{\"user_id\":\"43\"}}");
        String dms = subscribe(support, "{\"event_type\":\"dm.received\",\"filter\":{\"user_id\":\"42\"},"
                + "\"tag\":\"support-dms\",\"webhook_id\":\"" + webhookId + "\"}");
        String revokes = subscribe(app, "{\"event_type\":\"oauth.revoke\",\"filter\":{}}");

        V2TestClient.Response page1 = app.get("activity/subscriptions?max_results=2");
        assertThat(page1.status()).isEqualTo(200);
        JsonNode data = page1.json().path("data");
        assertThat(data).hasSize(2);
        assertThat(data.get(0).path("subscription_id").asText()).isEqualTo(posts);
        assertThat(data.get(1).path("event_type").asText()).isEqualTo("dm.received");
        assertThat(data.get(1).path("filter").path("user_id").asText()).isEqualTo("42");
        assertThat(data.get(1).path("tag").asText()).isEqualTo("support-dms");
        assertThat(data.get(1).path("webhook_id").asText()).isEqualTo(webhookId);
        assertThat(data.get(1).path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        String next = page1.json().path("meta").path("next_token").asText();
        JsonNode page2 = app.get("activity/subscriptions?max_results=2&pagination_token=" + next).json();
        assertThat(page2.path("data")).hasSize(1);
        assertThat(page2.path("data").get(0).path("subscription_id").asText()).isEqualTo(revokes);
        assertThat(page2.path("data").get(0).path("filter").isEmpty()).isTrue();
        assertThat(page2.path("meta").has("next_token")).isFalse();

        V2TestClient.Response updated = app.send("PUT", "activity/subscriptions/" + dms,
                "{\"tag\":\"renamed\"}", "application/json");
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().path("data").path("subscription").path("tag").asText()).isEqualTo("renamed");
        assertThat(updated.json().path("data").path("subscription").path("webhook_id").asText())
                .isEqualTo(webhookId);
        assertThat(updated.json().path("data").path("total_subscriptions").asInt()).isEqualTo(3);
        assertThat(support.send("PUT", "activity/subscriptions/" + dms, "{\"tag\":\"x\"}", "application/json")
                .status()).isEqualTo(403);

        V2TestClient.Response deleted = app.send("DELETE", "activity/subscriptions/" + posts, null, null);
        assertThat(deleted.json().path("data").path("deleted").asBoolean()).isTrue();
        assertThat(app.send("DELETE", "activity/subscriptions/" + posts, null, null).status()).isEqualTo(404);

        V2TestClient.Response bulk = app.send("DELETE", "activity/subscriptions?ids=" + dms + ",123", null, null);
        assertThat(bulk.status()).isEqualTo(200);
        assertThat(bulk.json().path("data").get(0).path("subscription_id").asText()).isEqualTo(dms);
        assertThat(bulk.json().path("data").get(0).path("deleted").asBoolean()).isTrue();
        assertThat(bulk.json().path("errors").get(0).path("subscription_id").asText()).isEqualTo("123");
        assertThat(bulk.json().path("meta").path("total_subscriptions").asInt()).isEqualTo(1);
        assertThat(sandbox.activitySubscriptions()).extracting(ActivitySubscription::subscriptionId)
                .containsExactly(revokes);
    }

    @Test
    void subscriptionRequestsAreCheckedAsXChecksThem() throws Exception {
        assertInvalid(app.postJson("activity/subscriptions", "{\"event_type\":\"dm.exploded\",\"filter\":"
                + "{\"user_id\":\"42\"}}"), "event_type");
        assertInvalid(app.postJson("activity/subscriptions", "{\"event_type\":\"post.create\",\"filter\":"
                + "{\"user_id\":\"42\"},\"colour\":\"red\"}"), "$.colour: is not defined in the schema");
        assertInvalid(app.postJson("activity/subscriptions", "{\"event_type\":\"post.create\",\"filter\":"
                + "{\"user_id\":\"42\",\"screen_name\":\"x\"}}"), "$.filter.screen_name");
        assertInvalid(app.postJson("activity/subscriptions", "{\"event_type\":\"post.create\"}"), "$.filter");
        assertInvalid(app.postJson("activity/subscriptions", "{\"event_type\":\"post.create\",\"filter\":{}}"),
                "$.filter.user_id");
        assertInvalid(app.postJson("activity/subscriptions", "{\"event_type\":\"post.create\",\"filter\":"
                + "{\"user_id\":\"@acme\"}}"), "regex");
        assertInvalid(app.postJson("activity/subscriptions", "{\"event_type\":\"post.create\",\"filter\":"
                + "{\"user_id\":\"999999\"}}"), "999999");
        assertInvalid(app.postJson("activity/subscriptions", "{\"event_type\":\"post.create\",\"filter\":"
                + "{\"user_id\":\"42\"},\"tag\":\"" + "t".repeat(201) + "\"}"), "200 characters");
        assertInvalid(app.postJson("activity/subscriptions", "{\"event_type\":\"post.create\",\"filter\":"
                + "{\"user_id\":\"42\"},\"tag\":\"\"}"), "at least 1");
        assertInvalid(app.postJson("activity/subscriptions", "{\"event_type\":\"post.create\",\"filter\":"
                + "{\"user_id\":\"42\"},\"webhook_id\":\"abc\"}"), "regex");
        assertInvalid(app.postJson("activity/subscriptions", "{\"event_type\":\"post.create\",\"filter\":"
                + "{\"user_id\":\"42\"},\"webhook_id\":\"12345\"}"), "WebhookIdInvalid");
        assertInvalid(app.postJson("activity/subscriptions", "{\"event_type\":\"oauth.revoke\",\"filter\":"
                + "{\"user_id\":\"42\"}}"), "take no filter");

        V2TestClient.Response appOnly = app.postJson("activity/subscriptions",
                "{\"event_type\":\"dm.received\",\"filter\":{\"user_id\":\"42\"}}");
        assertThat(appOnly.status()).isEqualTo(403);
        assertThat(appOnly.json().path("title").asText()).isEqualTo("Unsupported Authentication");
        assertThat(appOnly.json().path("detail").asText()).contains("dm.received");
        for (String privateEvent : List.of("dm.sent", "post.mention.create", "post.reply.create", "chat.received")) {
            V2TestClient.Response otherUser = billing.postJson("activity/subscriptions",
                    "{\"event_type\":\"" + privateEvent + "\",\"filter\":{\"user_id\":\"42\"}}");
            assertThat(otherUser.status()).as(privateEvent).isEqualTo(403);
            assertThat(otherUser.json().path("title").asText()).isEqualTo("Authorization Error");
            assertThat(otherUser.json().path("resource_id").asText()).isEqualTo("42");
        }
        assertThat(sandbox.activitySubscriptions()).isEmpty();
        assertThat(sandbox.requestCount("v2_activity_subscriptions_create")).isEqualTo(17);

        sandbox.registerOAuth2Client("helpdesk", "client-secret");
        String userToken = sandbox.issueOAuth2Tokens("acme_support", "helpdesk", null).accessToken();
        subscribe(V2TestClient.bearer(sandbox, userToken),
                "{\"event_type\":\"dm.received\",\"filter\":{\"user_id\":\"42\"}}");
        assertThat(sandbox.activitySubscriptions()).singleElement().satisfies(s -> {
            assertThat(s.eventType()).isEqualTo("dm.received");
            assertThat(s.userId()).isEqualTo("42");
        });
        assertThat(app.get("activity/subscriptions").json().path("data")).hasSize(1);
    }

    @Test
    void webhooksAreRegisteredAfterACrcCheckAndValidatedAgainOnPut() throws Exception {
        String id = createWebhook("xaa");
        JsonNode listed = app.get("webhooks").json();
        assertThat(listed.path("meta").path("result_count").asInt()).isEqualTo(1);
        assertThat(listed.path("data").get(0).path("url").asText()).isEqualTo(receiver.url("xaa"));
        assertThat(listed.path("data").get(0).path("valid").asBoolean()).isTrue();
        assertThat(listed.path("data").get(0).path("created_at").asText()).endsWith("Z");

        assertInvalid(app.postJson("webhooks", "{\"url\":\"" + receiver.url("xaa") + "\"}"), "DuplicateUrlFailed");
        assertInvalid(app.postJson("webhooks", "{\"url\":\"http://example.com:8080/hook\"}"), "UrlValidationFailed");
        assertInvalid(app.postJson("webhooks", "{\"url\":\"ftp://127.0.0.1/hook\"}"), "UrlValidationFailed");
        receiver.answerCrcWith("another secret");
        assertInvalid(app.postJson("webhooks", "{\"url\":\"" + receiver.url("other") + "\"}"),
                "CrcValidationFailed");

        V2TestClient.Response failed = app.send("PUT", "webhooks/" + id, null, null);
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.json().path("data").path("valid").asBoolean()).isFalse();
        assertThat(sandbox.activityWebhooks()).extracting(ActivityWebhook::valid).containsExactly(false);
        receiver.answerCrcWith(SECRET);
        assertThat(app.send("PUT", "webhooks/" + id, null, null).json().path("data").path("valid").asBoolean())
                .isTrue();

        assertInvalid(app.send("DELETE", "webhooks/98765", null, null), "WebhookIdInvalid");
        assertThat(app.send("DELETE", "webhooks/" + id, null, null).json().path("data").path("deleted")
                .asBoolean()).isTrue();
        assertThat(app.get("webhooks").json().path("data")).isEmpty();
    }

    @Test
    void aCustomerDmReachesTheWebhookSignedInXsDmReceivedShape() throws Exception {
        String webhookId = createWebhook("xaa");
        String subscription = subscribe(support, "{\"event_type\":\"dm.received\",\"filter\":{\"user_id\":\"42\"},"
                + "\"tag\":\"inbound\",\"webhook_id\":\"" + webhookId + "\"}");

        DirectMessageRef dm = sandbox.injectDirectMessage("customer_1", "acme_support",
                "my order https://example.com/orders/7 is late", null);

        JsonNode data = receiver.nextSignedPost(SECRET, WAIT).path("data");
        assertThat(data.path("event_uuid").asText()).matches("-?\\d{1,19}");
        assertThat(data.path("event_type").asText()).isEqualTo("dm.received");
        assertThat(data.path("filter").path("user_id").asText()).isEqualTo("42");
        assertThat(data.path("tag").asText()).isEqualTo("inbound");
        JsonNode event = data.path("payload").path("direct_message_events").get(0);
        assertThat(event.path("type").asText()).isEqualTo("message_create");
        assertThat(event.path("id").asText()).isEqualTo(Long.toString(dm.id()));
        assertThat(event.path("created_timestamp").asText()).matches("\\d{13}");
        assertThat(event.path("message_create").path("target").path("recipient_id").asText()).isEqualTo("42");
        assertThat(event.path("message_create").path("sender_id").asText()).isEqualTo(Long.toString(dm.senderId()));
        JsonNode messageData = event.path("message_create").path("message_data");
        assertThat(messageData.path("text").asText()).startsWith("my order https://t.co/");
        assertThat(messageData.path("entities").path("urls").get(0).path("expanded_url").asText())
                .isEqualTo("https://example.com/orders/7");
        JsonNode users = data.path("payload").path("users");
        assertThat(users.path("42").path("data").path("username").asText()).isEqualTo("acme_support");
        assertThat(users.path(Long.toString(dm.senderId())).path("data").path("username").asText())
                .isEqualTo("customer_1");
        assertThat(users.path("42").path("data").path("public_metrics").path("followers_count_str").asText())
                .isEqualTo("0");

        assertThat(sandbox.activityEvents()).singleElement().satisfies(e -> {
            assertThat(e.eventUuid()).isEqualTo(data.path("event_uuid").asText());
            assertThat(e.eventType()).isEqualTo("dm.received");
            assertThat(e.userId()).isEqualTo("42");
            assertThat(e.subscriptionId()).isEqualTo(subscription);
        });
        assertThat(sandbox.awaitActivityWebhookIdle(WAIT)).isTrue();
        assertThat(sandbox.activityWebhookDeliveries()).singleElement().satisfies(d -> {
            assertThat(d.httpStatus()).isEqualTo(200);
            assertThat(d.webhookId()).isEqualTo(webhookId);
            assertThat(d.replay()).isFalse();
        });
    }

    @Test
    void anAccountsApiDmIsDmSentForItAndDmReceivedForASubscribedRecipient() throws Exception {
        String webhookId = createWebhook("xaa");
        subscribe(support, "{\"event_type\":\"dm.sent\",\"filter\":{\"user_id\":\"42\"},\"webhook_id\":\""
                + webhookId + "\"}");
        subscribe(billing, "{\"event_type\":\"dm.received\",\"filter\":{\"user_id\":\"43\"},\"webhook_id\":\""
                + webhookId + "\"}");

        V2TestClient.Response sent = support.postJson("dm_conversations/with/43/messages",
                "{\"text\":\"handing over to billing\"}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);

        List<JsonNode> posts = List.of(receiver.nextSignedPost(SECRET, WAIT), receiver.nextSignedPost(SECRET, WAIT));
        assertThat(posts).extracting(p -> p.path("data").path("event_type").asText())
                .containsExactlyInAnyOrder("dm.sent", "dm.received");
        for (JsonNode post : posts) {
            JsonNode event = post.path("data").path("payload").path("direct_message_events").get(0);
            assertThat(event.path("message_create").path("sender_id").asText()).isEqualTo("42");
            assertThat(event.path("message_create").path("target").path("recipient_id").asText()).isEqualTo("43");
            assertThat(event.path("message_create").path("message_data").path("text").asText())
                    .isEqualTo("handing over to billing");
        }
        assertThat(sandbox.activityEvents()).extracting(ActivityEvent::eventType, ActivityEvent::userId)
                .containsExactlyInAnyOrder(tuple("dm.sent", "42"),
                        tuple("dm.received", "43"));
    }

    @Test
    void explicitMentionsAndDirectRepliesArePostEventsWithTheAuthorInIncludes() throws Exception {
        String webhookId = createWebhook("xaa");
        subscribe(support, "{\"event_type\":\"post.mention.create\",\"filter\":{\"user_id\":\"42\"},"
                + "\"tag\":\"mentions\",\"webhook_id\":\"" + webhookId + "\"}");
        subscribe(support, "{\"event_type\":\"post.reply.create\",\"filter\":{\"user_id\":\"42\"},"
                + "\"tag\":\"replies\",\"webhook_id\":\"" + webhookId + "\"}");
        TweetRef announcement = sandbox.injectMention("acme_support", "Our new plans are out", null, null);

        TweetRef mention = sandbox.injectMention("customer_1", "Hey @acme_support my order is late", null, null);
        JsonNode mentionData = receiver.nextSignedPost(SECRET, WAIT).path("data");
        assertThat(mentionData.path("event_type").asText()).isEqualTo("post.mention.create");
        assertThat(mentionData.path("tag").asText()).isEqualTo("mentions");
        JsonNode post = mentionData.path("payload");
        assertThat(post.path("id").asText()).isEqualTo(Long.toString(mention.id()));
        assertThat(post.path("text").asText()).isEqualTo("Hey @acme_support my order is late");
        assertThat(post.path("author_id").asText()).isEqualTo(Long.toString(mention.userId()));
        assertThat(post.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(post.path("conversation_id").asText()).isEqualTo(Long.toString(mention.id()));
        assertThat(post.path("edit_history_tweet_ids").get(0).asText()).isEqualTo(Long.toString(mention.id()));
        assertThat(post.path("lang").asText()).isNotEmpty();
        JsonNode entity = post.path("entities").path("mentions").get(0);
        assertThat(entity.path("username").asText()).isEqualTo("acme_support");
        assertThat(entity.path("id").asText()).isEqualTo("42");
        assertThat(entity.path("start").asInt()).isEqualTo(4);
        assertThat(entity.path("start_str").asText()).isEqualTo("4");
        assertThat(mentionData.path("includes").path("users").get(0).path("username").asText())
                .isEqualTo("customer_1");

        TweetRef reply = sandbox.injectMention("customer_2", "Finally!", announcement.id(), null);
        JsonNode replyData = receiver.nextSignedPost(SECRET, WAIT).path("data");
        assertThat(replyData.path("event_type").asText()).isEqualTo("post.reply.create");
        JsonNode replyPost = replyData.path("payload");
        assertThat(replyPost.path("id").asText()).isEqualTo(Long.toString(reply.id()));
        assertThat(replyPost.path("in_reply_to_user_id").asText()).isEqualTo("42");
        assertThat(replyPost.path("in_reply_to_tweet_id").asText()).isEqualTo(Long.toString(announcement.id()));
        assertThat(replyPost.path("referenced_tweets").get(0).path("type").asText()).isEqualTo("replied_to");
        assertThat(replyPost.path("referenced_tweets").get(0).path("id").asText())
                .isEqualTo(Long.toString(announcement.id()));
        assertThat(replyPost.path("conversation_id").asText()).isEqualTo(Long.toString(announcement.id()));
        assertThat(replyData.path("includes").path("users").get(0).path("username").asText())
                .isEqualTo("customer_2");
        assertThat(replyData.path("includes").path("tweets").get(0).path("id").asText())
                .isEqualTo(Long.toString(announcement.id()));

        receiver.assertNoPost(Duration.ofMillis(300));
        assertThat(sandbox.activityEvents()).extracting(ActivityEvent::eventType)
                .containsExactly("post.mention.create", "post.reply.create");
    }

    @Test
    void aDeliveryAnsweredWithAnErrorIsRetried() throws Exception {
        String webhookId = createWebhook("xaa");
        subscribe(support, "{\"event_type\":\"dm.received\",\"filter\":{\"user_id\":\"42\"},\"webhook_id\":\""
                + webhookId + "\"}");
        receiver.answerNextPosts(503);

        sandbox.injectDirectMessage("customer_1", "acme_support", "hello?", null);

        JsonNode first = receiver.nextSignedPost(SECRET, WAIT);
        JsonNode second = receiver.nextSignedPost(SECRET, WAIT);
        assertThat(second).isEqualTo(first);
        assertThat(sandbox.awaitActivityWebhookIdle(WAIT)).isTrue();
        assertThat(sandbox.activityWebhookDeliveries()).extracting(ActivityWebhookDelivery::attempt,
                ActivityWebhookDelivery::httpStatus).containsExactly(tuple(1, 503),
                tuple(2, 200));
    }

    @Test
    void replayDeliversTheLoggedEventsOfTheWindowAgainThenItsStatus() throws Exception {
        String webhookId = createWebhook("xaa");
        subscribe(support, "{\"event_type\":\"dm.received\",\"filter\":{\"user_id\":\"42\"},\"webhook_id\":\""
                + webhookId + "\"}");
        sandbox.injectDirectMessage("customer_1", "acme_support", "first", null);
        sandbox.injectDirectMessage("customer_2", "acme_support", "second", null);
        List<String> uuids = new ArrayList<>();
        uuids.add(receiver.nextSignedPost(SECRET, WAIT).path("data").path("event_uuid").asText());
        uuids.add(receiver.nextSignedPost(SECRET, WAIT).path("data").path("event_uuid").asText());
        assertThat(sandbox.awaitActivityWebhookIdle(WAIT)).isTrue();

        Instant now = Instant.now();
        V2TestClient.Response job = app.postJson("webhooks/replay", "{\"webhook_id\":\"" + webhookId
                + "\",\"from_date\":\"" + REPLAY_DATE.format(now.minusSeconds(120)) + "\",\"to_date\":\""
                + REPLAY_DATE.format(now) + "\"}");
        assertThat(job.status()).as(job.body()).isEqualTo(200);
        String jobId = job.json().path("data").path("job_id").asText();
        assertThat(jobId).matches("\\d+");
        assertThat(job.json().path("data").path("created_at").asText()).endsWith("Z");

        List<String> replayed = new ArrayList<>();
        replayed.add(receiver.nextSignedPost(SECRET, WAIT).path("data").path("event_uuid").asText());
        replayed.add(receiver.nextSignedPost(SECRET, WAIT).path("data").path("event_uuid").asText());
        assertThat(replayed).containsExactlyInAnyOrderElementsOf(uuids);
        JsonNode status = receiver.nextSignedPost(SECRET, WAIT).path("replay_job_status");
        assertThat(status.path("job_id").asText()).isEqualTo(jobId);
        assertThat(status.path("webhook_id").asText()).isEqualTo(webhookId);
        assertThat(status.path("job_state").asText()).isEqualTo("Complete");
        assertThat(sandbox.replayJobs()).singleElement().satisfies(j -> {
            assertThat(j.eventCount()).isEqualTo(2);
            assertThat(j.state()).isEqualTo("Complete");
        });
        assertThat(sandbox.awaitActivityWebhookIdle(WAIT)).isTrue();
        assertThat(sandbox.activityWebhookDeliveries()).filteredOn(ActivityWebhookDelivery::replay).hasSize(3);

        String earlier = REPLAY_DATE.format(now.minusSeconds(600));
        assertInvalid(app.postJson("webhooks/replay", "{\"webhook_id\":\"" + webhookId + "\",\"from_date\":\"2026-1"
                + "\",\"to_date\":\"" + earlier + "\"}"), "QueryParamInvalid");
        assertInvalid(app.postJson("webhooks/replay", "{\"webhook_id\":\"" + webhookId + "\",\"from_date\":\""
                + REPLAY_DATE.format(now) + "\",\"to_date\":\"" + earlier + "\"}"), "QueryParamInvalid");
        assertInvalid(app.postJson("webhooks/replay", "{\"webhook_id\":\"" + webhookId + "\",\"from_date\":\""
                + earlier + "\",\"to_date\":\"" + REPLAY_DATE.format(now.plusSeconds(600)) + "\"}"), "future");
        assertInvalid(app.postJson("webhooks/replay", "{\"webhook_id\":\"777\",\"from_date\":\"" + earlier
                + "\",\"to_date\":\"" + earlier + "\"}"), "WebhookIdInvalid");
    }

    @Test
    void revokingTheAppSendsOauthRevokeAndRevokesTheCredentials() throws Exception {
        String webhookId = createWebhook("xaa");
        subscribe(app, "{\"event_type\":\"oauth.revoke\",\"filter\":{},\"webhook_id\":\"" + webhookId + "\"}");

        sandbox.revokeApp("acme_support");

        JsonNode data = receiver.nextSignedPost(SECRET, WAIT).path("data");
        assertThat(data.path("event_type").asText()).isEqualTo("oauth.revoke");
        assertThat(data.path("filter").isObject()).isTrue();
        assertThat(data.path("filter").isEmpty()).isTrue();
        assertThat(data.path("payload").path("user_id").asText()).isEqualTo("42");
        assertThat(data.path("payload").path("app_id").asText()).matches("\\d+");
        assertThat(data.path("payload").path("date_time").asText()).matches(".*T.*\\+00:00");
        assertThat(support.get("users/me").status()).isEqualTo(401);
        assertThat(app.get("users/42/mentions").status()).isEqualTo(200);
    }

    @Test
    void afterTheAccountActivityCutoffTheLegacyWebhookGetsNothingAndCannotRegister() throws Exception {
        sandbox.registerWebhook(receiver.url("aaa"), SECRET);
        sandbox.injectDirectMessage("customer_1", "acme_support", "before the cutoff", null);
        assertThat(receiver.nextSignedPost(SECRET, WAIT).has("direct_message_events")).isTrue();

        sandbox.refuseAccountActivityAfter(Instant.now().minusSeconds(1));
        sandbox.injectDirectMessage("customer_1", "acme_support", "after the cutoff", null);
        receiver.assertNoPost(Duration.ofMillis(500));
        sandbox.unregisterWebhook();
        assertThatThrownBy(() -> sandbox.registerWebhook(receiver.url("aaa"), SECRET))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("retired");

        sandbox.refuseAccountActivityAfter(null);
        sandbox.registerWebhook(receiver.url("aaa"), SECRET);
        sandbox.injectDirectMessage("customer_1", "acme_support", "cutoff lifted", null);
        assertThat(receiver.nextSignedPost(SECRET, WAIT).path("direct_message_events").get(0)
                .path("message_create").path("message_data").path("text").asText()).isEqualTo("cutoff lifted");
    }

    @Test
    void pushRawActivityPostsASignedBodyToTheFirstWebhook() throws Exception {
        assertThatThrownBy(() -> sandbox.pushRawActivity("{}")).isInstanceOf(IllegalStateException.class);
        createWebhook("xaa");
        receiver.answerNextPosts(202);
        assertThat(sandbox.pushRawActivity("{\"data\":{\"event_type\":\"profile.update.bio\"}}")).isEqualTo(202);
        assertThat(receiver.nextSignedPost(SECRET, WAIT).path("data").path("event_type").asText())
                .isEqualTo("profile.update.bio");
    }
}
