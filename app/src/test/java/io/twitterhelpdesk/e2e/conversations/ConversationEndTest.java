package io.twitterhelpdesk.e2e.conversations;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twitterhelpdesk.e2e.support.TestHttp;
import io.twitterhelpdesk.e2e.support.QueueReader.Received;
import io.twitterhelpdesk.sandbox.DirectMessageRef;
import io.twitterhelpdesk.sandbox.TweetRef;
import io.twitterhelpdesk.sandbox.TwitterSandbox;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.EnvelopeSchemaCheck;
import io.twitterhelpdesk.e2e.support.QueueReader;
import io.twitterhelpdesk.e2e.support.ReplyApi;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, "Conversation end", end to end through the sandbox (real twitter4j, real embedded Artemis): a DM
 * conversation goes on until the helpdesk closes it (REST or JMS command) or the customer is silent for longer than
 * conversation.inactivity-timeout; the next message then opens a new conversation. Mention threads likewise.
 */
class ConversationEndTest {

    private static final String INBOUND = "twitter.inbound";
    private static final String COMMANDS = "twitter.conversation.commands";
    private static final String COMMAND_DEAD_LETTERS = "twitter.conversation.commands.dead-letters";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    private ConnectorHarness harness;
    private TwitterSandbox sandbox;
    private QueueReader jms;
    private final HttpClient http = TestHttp.client();

    private void start(String inactivityTimeout) throws Exception {
        harness = new ConnectorHarness(dataDir);
        harness.properties.put("api.keys", ReplyApi.API_KEY);
        harness.properties.put("conversation.inactivity-timeout", inactivityTimeout);
        harness.start();
        sandbox = harness.sandbox;
        jms = harness.jms();
    }

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aDmConversationGoesOnUntilClosedByTheApiThenTheNextMessageOpensANewOne() throws Exception {
        start("24h");
        DirectMessageRef first = sandbox.injectDirectMessage("alice", "acme_support", "my order is late", List.of());
        Received firstMessage = next();
        String key = "twitter:dm:42:" + first.senderId();
        JsonNode opened = envelope(firstMessage);
        assertThat(opened.path("conversationKey").asText()).isEqualTo(key);
        assertThat(opened.path("conversationId").asText()).isEqualTo(key + "@dm:" + first.id());
        assertThat(opened.path("newConversation").asBoolean()).isTrue();
        assertThat(firstMessage.properties()).containsEntry("ConversationId", key + "@dm:" + first.id())
                .containsEntry("JMSXGroupID", key);

        sandbox.injectDirectMessage("alice", "acme_support", "any news?", List.of());
        JsonNode followUp = envelope(next());
        assertThat(followUp.path("conversationId").asText()).isEqualTo(key + "@dm:" + first.id());
        assertThat(followUp.path("newConversation").asBoolean()).isFalse();

        HttpResponse<String> closed = close(key);
        assertThat(closed.statusCode()).isEqualTo(200);
        assertThat(closed.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode closedBody = JSON.readTree(closed.body());
        assertThat(closedBody.path("conversationKey").asText()).isEqualTo(key);
        assertThat(closedBody.path("conversationId").asText()).isEqualTo(key + "@dm:" + first.id());
        assertThat(closedBody.path("status").asText()).isEqualTo("closed");
        assertThat(closedBody.path("alreadyClosed").asBoolean()).isFalse();
        // a second close, this time with the key URL-encoded: the same answer, nothing changes
        HttpResponse<String> again = close(URLEncoder.encode(key, StandardCharsets.UTF_8));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).path("alreadyClosed").asBoolean()).isTrue();
        assertThat(JSON.readTree(again.body()).path("closedAt")).isEqualTo(closedBody.path("closedAt"));

        DirectMessageRef after = sandbox.injectDirectMessage("alice", "acme_support", "it came, but broken", List.of());
        Received afterMessage = next();
        JsonNode reopened = envelope(afterMessage);
        assertThat(reopened.path("conversationKey").asText()).isEqualTo(key);
        assertThat(reopened.path("conversationId").asText()).isEqualTo(key + "@dm:" + after.id());
        assertThat(reopened.path("newConversation").asBoolean()).isTrue();
        assertThat(afterMessage.properties()).containsEntry("ConversationId", key + "@dm:" + after.id());

        sandbox.injectDirectMessage("alice", "acme_support", "photo attached", List.of());
        assertThat(envelope(next()).path("conversationId").asText()).isEqualTo(key + "@dm:" + after.id());
    }

    @Test
    void theJmsCloseCommandEndsTheConversationAndCommandsThatCannotBeCarriedOutAreParkedWithTheirReason()
            throws Exception {
        start("24h");
        DirectMessageRef first = sandbox.injectDirectMessage("bob", "acme_support", "hello", List.of());
        String key = "twitter:dm:42:" + first.senderId();
        assertThat(envelope(next()).path("newConversation").asBoolean()).isTrue();

        NotifyBuilder done = new NotifyBuilder(harness.connector().context()).fromRoute("conversation-commands")
                .whenDone(5).create();
        jms.send(COMMANDS, "{\"command\":\"close\",\"conversationKey\":\"" + key + "\"}");
        jms.send(COMMANDS, "{\"command\":\"close\",\"conversationKey\":\"" + key + "\"}");
        jms.send(COMMANDS, "{\"command\":\"close\",\"conversationKey\":\"twitter:dm:42:999999\"}");
        jms.send(COMMANDS, "{\"command\":\"reopen\",\"conversationKey\":\"" + key + "\"}");
        jms.send(COMMANDS, "close " + key);
        assertThat(done.matches(20, TimeUnit.SECONDS)).isTrue();

        List<Received> parked = jms.receive(COMMAND_DEAD_LETTERS, 3, WAIT);
        assertThat(parked).extracting(r -> r.properties().get("DeadLetterCode"))
                .containsExactly("unknown_conversation", "unknown_command", "malformed_command");
        assertThat(parked).extracting(Received::body).containsExactly(
                "{\"command\":\"close\",\"conversationKey\":\"twitter:dm:42:999999\"}",
                "{\"command\":\"reopen\",\"conversationKey\":\"" + key + "\"}", "close " + key);
        assertThat(parked.get(0).properties().get("DeadLetterReason").toString()).contains("twitter:dm:42:999999");
        assertThat(jms.drain(COMMAND_DEAD_LETTERS, Duration.ofMillis(300))).isEmpty();

        DirectMessageRef after = sandbox.injectDirectMessage("bob", "acme_support", "me again", List.of());
        JsonNode reopened = envelope(next());
        assertThat(reopened.path("conversationId").asText()).isEqualTo(key + "@dm:" + after.id());
        assertThat(reopened.path("newConversation").asBoolean()).isTrue();
    }

    @Test
    void aCustomerSilentForLongerThanTheInactivityTimeoutStartsANewConversation() throws Exception {
        start("2s");
        DirectMessageRef first = sandbox.injectDirectMessage("carol", "acme_support", "question", List.of());
        String key = "twitter:dm:42:" + first.senderId();
        assertThat(envelope(next()).path("conversationId").asText()).isEqualTo(key + "@dm:" + first.id());
        sandbox.injectDirectMessage("carol", "acme_support", "and one more", List.of());
        assertThat(envelope(next()).path("newConversation").asBoolean()).isFalse();

        Thread.sleep(2_500);
        DirectMessageRef later = sandbox.injectDirectMessage("carol", "acme_support", "new question", List.of());
        JsonNode reopened = envelope(next());
        assertThat(reopened.path("conversationId").asText()).isEqualTo(key + "@dm:" + later.id());
        assertThat(reopened.path("newConversation").asBoolean()).isTrue();
        sandbox.injectDirectMessage("carol", "acme_support", "right after", List.of());
        assertThat(envelope(next()).path("conversationId").asText()).isEqualTo(key + "@dm:" + later.id());
    }

    @Test
    void closingAMentionThreadMakesItsNextTweetOpenANewConversationOfTheSameThread() throws Exception {
        start("24h");
        TweetRef root = sandbox.injectMention("dave", "@acme_support the app crashes", null, List.of());
        String key = "twitter:thread:" + root.id();
        JsonNode opened = envelope(next());
        assertThat(opened.path("conversationKey").asText()).isEqualTo(key);
        assertThat(opened.path("conversationId").asText()).isEqualTo(key + "@tweet:" + root.id());
        assertThat(opened.path("newConversation").asBoolean()).isTrue();
        TweetRef more = sandbox.injectMention("dave", "@acme_support still crashing", root.id(), List.of());
        JsonNode joined = envelope(next());
        assertThat(joined.path("conversationId").asText()).isEqualTo(key + "@tweet:" + root.id());
        assertThat(joined.path("newConversation").asBoolean()).isFalse();

        assertThat(close(key).statusCode()).isEqualTo(200);

        TweetRef after = sandbox.injectMention("dave", "@acme_support crashing again today", more.id(), List.of());
        JsonNode reopened = envelope(next());
        assertThat(reopened.path("conversationKey").asText()).isEqualTo(key);
        assertThat(reopened.path("conversationId").asText()).isEqualTo(key + "@tweet:" + after.id());
        assertThat(reopened.path("newConversation").asBoolean()).isTrue();
    }

    @Test
    void closeAnswers404ForAnUnknownConversation400ForAMalformedKeyAnd401WithoutAKey() throws Exception {
        start("24h");

        HttpResponse<String> unknown = close("twitter:dm:42:999999");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("error").path("code").asText()).isEqualTo("unknown_conversation");
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));

        for (String malformed : List.of("twitter:dm:42", "twitter%3Adm%3Aabc%3A7", "ticket-17", "twitter:thread:0",
                "%7B%7Bapi.keys%7D%7D")) {
            HttpResponse<String> bad = close(malformed);
            assertThat(bad.statusCode()).as(malformed).isEqualTo(400);
            JsonNode error = JSON.readTree(bad.body()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("invalid_conversation_key");
            assertThat(error.path("message").asText()).doesNotContain(ReplyApi.API_KEY);
        }

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(closeUri("twitter:dm:42:7"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    private Received next() throws Exception {
        List<Received> got = jms.receive(INBOUND, 1, WAIT);
        assertThat(got).as("an envelope on " + INBOUND).hasSize(1);
        return got.get(0);
    }

    private static JsonNode envelope(Received message) throws Exception {
        assertThat(EnvelopeSchemaCheck.errors(message.body())).isEmpty();
        return EnvelopeSchemaCheck.parse(message.body());
    }

    private URI closeUri(String keyInPath) {
        return URI.create(harness.apiBaseUrl() + "/api/v1/conversations/" + keyInPath + "/close");
    }

    private HttpResponse<String> close(String keyInPath) throws Exception {
        return http.send(HttpRequest.newBuilder(closeUri(keyInPath)).header("X-API-Key", ReplyApi.API_KEY)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
