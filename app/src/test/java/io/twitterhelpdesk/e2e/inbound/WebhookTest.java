package io.twitterhelpdesk.e2e.inbound;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.e2e.support.TestHttp;
import io.twitterhelpdesk.broker.EmbeddedBroker;
import io.twitterhelpdesk.e2e.support.QueueReader.Received;
import io.twitterhelpdesk.sandbox.DirectMessageRef;
import io.twitterhelpdesk.webhook.AccountActivityEvents;
import io.twitterhelpdesk.sandbox.TwitterSandbox;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.EnvelopeSchemaCheck;
import io.twitterhelpdesk.e2e.support.QueueReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The Account Activity webhook, driven the way Twitter calls it: CRC, signed POSTs, retries. */
class WebhookTest {

    /** Queue per inbox: acme_support's messages go to inbox "support", acme_sales' DMs to the exception "sales". */
    private static final String SUPPORT = "helpdesk.inbox.support";
    private static final String SALES = "helpdesk.inbox.sales";
    private static final String SECRET = "cs-test";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    private ConnectorHarness harness;
    private TwitterSandbox sandbox;
    private QueueReader queue;
    private String webhook;
    private final HttpClient http = TestHttp.client();

    @BeforeEach
    void start() throws Exception {
        harness = new ConnectorHarness(dataDir);
        Map<String, String> p = harness.properties;
        // acme_sales takes pushes only, and no mentions at all; acme_support is polled too
        p.put("twitter.account.acme_sales.ingestion", "webhook");
        p.put("twitter.account.acme_sales.mentions-enabled", "false");
        p.put("twitter.account.acme_support.dm-poll-delay", "300");
        p.put("twitter.account.acme_sales.dm-inbox", "sales");
        p.put("inbound.queue", "helpdesk.inbox.${header.Inbox}");
        harness.start();
        sandbox = harness.sandbox;
        queue = harness.jms();
        webhook = harness.apiBaseUrl() + "/webhooks/twitter";
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void crcAnswerMatchesAnIndependentlyComputedHmac() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(webhook + "?crc_token=t0k3n-42"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).path("response_token").asText())
                .isEqualTo("sha256=" + hmac(SECRET, "t0k3n-42".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void signedDirectMessageAndMentionBecomeEnvelopesOnTheirAccountsInboxes() throws Exception {
        assertThat(push(dmEvent(43, 1_100_000_000_000_000_101L, 7001, "hanna", "Do you ship to Iceland?")))
                .isEqualTo(200);
        assertThat(push(mentionEvent(42, 1_100_000_000_000_000_102L, 7002, "ivan", "@acme_support broken again")))
                .isEqualTo(200);

        List<Received> sales = queue.receive(SALES, 1, WAIT);
        List<Received> support = queue.receive(SUPPORT, 1, WAIT);

        assertThat(sales).hasSize(1);
        assertThat(support).hasSize(1);
        assertThat(EnvelopeSchemaCheck.errors(sales.get(0).body())).isEmpty();
        assertThat(EnvelopeSchemaCheck.errors(support.get(0).body())).isEmpty();
        assertThat(sales.get(0).properties()).containsEntry("Inbox", "sales");
        JsonNode dm = json(sales.get(0).body());
        assertThat(dm.path("source").asText()).isEqualTo("webhook");
        assertThat(dm.path("account").path("id").asText()).isEqualTo("43");
        assertThat(dm.path("inbox").asText()).isEqualTo("sales");
        assertThat(dm.path("customer").path("screenName").asText()).isEqualTo("hanna");
        assertThat(dm.path("customer").path("name").asText()).isEqualTo("Hanna");
        assertThat(dm.path("conversationId").asText()).isEqualTo("twitter:dm:43:7001@dm:1100000000000000101");
        assertThat(dm.path("newConversation").asBoolean()).isTrue();
        assertThat(sales.get(0).properties()).containsEntry("ConversationId", "twitter:dm:43:7001@dm:1100000000000000101");
        JsonNode mention = json(support.get(0).body());
        assertThat(mention.path("conversationId").asText())
                .isEqualTo(mention.path("conversationKey").asText() + "@tweet:1100000000000000102");
        assertThat(mention.path("newConversation").asBoolean()).isTrue();
        assertThat(mention.path("account").path("id").asText()).isEqualTo("42");
        assertThat(mention.path("inbox").asText()).isEqualTo("support");
        assertThat(mention.path("tags").get(0).asText()).isEqualTo("Twitter:Mention");
    }

    @Test
    void missingOrWrongSignatureIsRefusedAndNothingIsEnqueued() throws Exception {
        byte[] body = dmEvent(42, 1_100_000_000_000_000_201L, 7003, "jo", "hi").getBytes(StandardCharsets.UTF_8);

        assertThat(post(body, null).statusCode()).isEqualTo(401);
        assertThat(post(body, "sha256=" + hmac("not-the-secret", body)).statusCode()).isEqualTo(401);
        assertThat(post(body, "sha256=" + hmac(SECRET, "other body".getBytes(StandardCharsets.UTF_8))).statusCode())
                .isEqualTo(401);
        assertThat(queue.drain(SUPPORT, Duration.ofMillis(800))).isEmpty();
    }

    @Test
    void oddBodiesGetClientErrorsOrSafeSkipsAndNeverLoseTheValidEvent() throws Exception {
        assertThat(push("{not json")).isEqualTo(400);
        assertThat(push("[]")).isEqualTo(400);
        assertThat(push("{\"direct_message_events\":[]}")).isEqualTo(400);
        assertThat(push("{\"for_user_id\":\"999\",\"direct_message_events\":[]}")).isEqualTo(404);
        assertThat(push("{\"for_user_id\":\"42\",\"favorite_events\":[{\"id\":\"1\"}]}")).isEqualTo(200);
        assertThat(harness.connector().context().getRegistry()
                .lookupByNameAndType("accountActivityEvents", AccountActivityEvents.class).ignoredEventCounts())
                .containsEntry("favorite_events", 1L);
        assertThat(push(mentionEvent(43, 1_100_000_000_000_000_300L, 7008, "pia", "@acme_sales switched off")))
                .isEqualTo(200);
        assertThat(queue.drain(SALES, Duration.ofMillis(300))).isEmpty();
        assertThat(post(("{\"for_user_id\":\"42\",\"x\":\"" + "a".repeat(1_100_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8), "sha256=x").statusCode()).isEqualTo(413);

        String valid = dmEvent(42, 1_100_000_000_000_000_301L, 7004, "kim", "the valid one");
        JsonNode validEvent = json(valid).path("direct_message_events").get(0);
        String batch = "{\"for_user_id\":\"42\",\"direct_message_events\":["
                + "{\"type\":\"message_create\",\"id\":\"1100000000000000302\",\"created_timestamp\":\"1795309323000\","
                + "\"message_create\":{\"target\":{\"recipient_id\":\"42\"},\"sender_id\":\"7005\"}},"
                + "{\"type\":\"message_create\",\"id\":\"not-a-number\",\"created_timestamp\":\"x\","
                + "\"message_create\":{\"target\":{\"recipient_id\":\"42\"},\"sender_id\":\"abc\","
                + "\"message_data\":{\"text\":\"?\"}}},"
                + validEvent + "],\"users\":" + json(valid).path("users") + "}";
        assertThat(push(batch)).isEqualTo(200);

        List<Received> got = queue.receive(SUPPORT, 1, WAIT);
        got.addAll(queue.drain(SUPPORT, Duration.ofMillis(800)));
        assertThat(got).extracting(r -> json(r.body()).path("text").asText()).containsExactly("the valid one");
    }

    @Test
    void theSameEventTwiceOrByWebhookAndPollIsDeliveredOnce() throws Exception {
        String event = dmEvent(43, 1_100_000_000_000_000_401L, 7006, "lea", "twice?");
        assertThat(push(event)).isEqualTo(200);
        assertThat(push(event)).isEqualTo(200);

        DirectMessageRef polled = sandbox.injectDirectMessage("mo", "acme_support", "by poll and by push", List.of());
        assertThat(push(dmEvent(42, polled.id(), polled.senderId(), "mo", "by poll and by push"))).isEqualTo(200);

        List<Received> got = queue.receive(SALES, 1, WAIT);
        got.addAll(queue.receive(SUPPORT, 1, WAIT));
        got.addAll(queue.drain(SALES, Duration.ofSeconds(1)));
        got.addAll(queue.drain(SUPPORT, Duration.ofMillis(500)));
        assertThat(got).extracting(r -> json(r.body()).path("text").asText())
                .containsExactlyInAnyOrder("twice?", "by poll and by push");
    }

    @Test
    void brokerOutageAnswers503AndTheRetryDeliversTheEvent() throws Exception {
        EmbeddedBroker broker = harness.connector().context().getRegistry().lookupByNameAndType("embeddedBroker",
                EmbeddedBroker.class);
        queue.close();
        broker.stop();
        String event = dmEvent(43, 1_100_000_000_000_000_501L, 7007, "nils", "during the outage");
        try {
            assertThat(push(event)).isEqualTo(503);
        } finally {
            broker.start();
        }
        queue = harness.reconnect();

        long until = System.nanoTime() + WAIT.toNanos();
        int status = push(event);
        while (status != 200 && System.nanoTime() < until) {
            Thread.sleep(200);
            status = push(event);
        }
        assertThat(status).isEqualTo(200);
        List<Received> got = queue.receive(SALES, 1, WAIT);
        got.addAll(queue.drain(SALES, Duration.ofMillis(800)));
        assertThat(got).extracting(r -> json(r.body()).path("text").asText()).containsExactly("during the outage");
    }

    @Test
    void sandboxPushesAfterItsCrcCheckAndItsRetryDeliversWhatTheBrokerOutageRefused() throws Exception {
        sandbox.setWebhookRetryDelays(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        sandbox.registerWebhook(webhook, SECRET);
        sandbox.injectDirectMessage("olga", "acme_sales", "pushed by the webhook", List.of());
        List<Received> first = queue.receive(SALES, 1, WAIT);
        assertThat(first).hasSize(1);
        assertThat(json(first.get(0).body()).path("source").asText()).isEqualTo("webhook");

        EmbeddedBroker broker = harness.connector().context().getRegistry().lookupByNameAndType("embeddedBroker",
                EmbeddedBroker.class);
        queue.close();
        broker.stop();
        try {
            sandbox.injectDirectMessage("olga", "acme_sales", "pushed during the outage", List.of());
            long until = System.nanoTime() + WAIT.toNanos();
            while (sandbox.webhookDeliveries().stream().noneMatch(d -> d.httpStatus() == 503)
                    && System.nanoTime() < until) {
                Thread.sleep(50);
            }
        } finally {
            broker.start();
        }
        queue = harness.reconnect();

        List<Received> got = queue.receive(SALES, 1, WAIT);
        got.addAll(queue.drain(SALES, Duration.ofMillis(800)));
        assertThat(got).extracting(r -> json(r.body()).path("text").asText())
                .containsExactly("pushed during the outage");
        assertThat(sandbox.awaitWebhookIdle(WAIT)).isTrue();
        assertThat(sandbox.webhookDeliveries()).anySatisfy(d -> assertThat(d.httpStatus()).isEqualTo(503))
                .anySatisfy(d -> {
                    assertThat(d.attempt()).isGreaterThan(1);
                    assertThat(d.httpStatus()).isEqualTo(200);
                });
    }

    /**
     * The intake's processing records a message as delivered before its broker transaction commits. When that
     * transaction rolls back after the record (here a step added at the end of route intake-processing fails once,
     * as a kill or a broker gone at that moment would), the broker hands the intake message again, and the message
     * is delivered then instead of being dropped as "delivered before".
     */
    @Test
    void aMessageWhoseIntakeTransactionRolledBackAfterItWasRecordedIsDeliveredWhenTheBrokerHandsItAgain()
            throws Exception {
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        org.apache.camel.builder.AdviceWith.adviceWith(harness.connector().context(), "intake-processing",
                route -> route.weaveAddLast().process(exchange -> {
                    if (attempts.incrementAndGet() == 1) {
                        throw new IllegalStateException("the transaction rolls back after the record");
                    }
                }));

        assertThat(push(dmEvent(43, 1_100_000_000_000_000_601L, 7010, "otto", "after a rollback"))).isEqualTo(200);

        List<Received> got = queue.receive(SALES, 1, WAIT);
        got.addAll(queue.drain(SALES, Duration.ofMillis(800)));
        assertThat(attempts.get()).as("handed again after the rollback").isEqualTo(2);
        assertThat(got).extracting(r -> json(r.body()).path("text").asText()).containsExactly("after a rollback");
    }

    // ---- Account Activity bodies, as Twitter sends them ----

    private static String dmEvent(long accountId, long dmId, long senderId, String screenName, String text) {
        return """
                {"for_user_id":"%d","direct_message_events":[{"type":"message_create","id":"%d",
                 "created_timestamp":"%d","message_create":{"target":{"recipient_id":"%d"},"sender_id":"%d",
                 "message_data":{"text":"%s","entities":{"hashtags":[],"symbols":[],"user_mentions":[],"urls":[]}}}}],
                 "users":{"%d":{"id":"%d","name":"%s","screen_name":"%s"}}}
                """.formatted(accountId, dmId, Instant.now().toEpochMilli(), accountId, senderId, text, senderId,
                senderId, capitalized(screenName), screenName);
    }

    private static String mentionEvent(long accountId, long tweetId, long userId, String screenName, String text) {
        return """
                {"for_user_id":"%d","user_has_blocked":false,"tweet_create_events":[{"id":%d,"id_str":"%d",
                 "created_at":"Sun Nov 22 01:02:03 +0000 2026","full_text":"%s","text":"%s",
                 "in_reply_to_status_id":null,"in_reply_to_user_id":null,
                 "user":{"id":%d,"id_str":"%d","name":"%s","screen_name":"%s"},
                 "entities":{"hashtags":[],"symbols":[],"urls":[],
                  "user_mentions":[{"id":%d,"id_str":"%d","screen_name":"acme_support","name":"ACME","indices":[0,13]}]}}]}
                """.formatted(accountId, tweetId, tweetId, text, text, userId, userId, capitalized(screenName),
                screenName, accountId, accountId);
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private int push(String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post(bytes, "sha256=" + hmac(SECRET, bytes)).statusCode();
    }

    private HttpResponse<String> post(byte[] body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(webhook))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("x-twitter-webhooks-signature", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String hmac(String secret, byte[] message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(message));
    }

    private static JsonNode json(String text) {
        return EnvelopeSchemaCheck.parse(text);
    }
}
