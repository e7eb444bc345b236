package io.twitterhelpdesk.e2e.delivery;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.e2e.support.HelpdeskScripts.Output;
import io.twitterhelpdesk.sandbox.DirectMessageRef;
import io.twitterhelpdesk.sandbox.SentDirectMessage;
import io.twitterhelpdesk.sandbox.TweetRef;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.EnvelopeSchemaCheck;
import io.twitterhelpdesk.e2e.support.HelpdeskScripts;
import io.twitterhelpdesk.e2e.support.QueueReader;
import io.twitterhelpdesk.e2e.support.StandaloneArtemis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Helpdesks without Java: the example helpdesks of {@code examples/} (Node.js over AMQP 1.0 and MQTT, Python over
 * STOMP) take envelopes and statuses off the embedded broker's one port and send replies to it, with nothing lost in
 * translation: the envelope JSON whole (accents, emoji, 64 KiB), the routing properties under their JMS names, the
 * conversation as the message group, a malformed reply rejected like a JMS one, and a message that is not
 * acknowledged coming back, up to the dead-letter queue. {@link #standaloneArtemisWithLoginServesTheSameClients}
 * does the same against a standalone Artemis broker with docker/artemis/broker.properties.
 */
class NonJavaHelpdeskTest {

    private static final String INBOUND = "twitter.inbound";
    private static final String STATUS = "twitter.reply.status";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CUSTOMER_TEXT = "Ça marche pas 😤 — où est ma commande? Grüße, ñandú 🇪🇸";
    private static final List<String> ROUTING_PROPERTIES = List.of("TwitterKind", "TwitterAccountId",
            "TwitterCustomerId", "ConversationKey", "ConversationId", "Inbox");

    @TempDir
    Path dataDir;
    @TempDir
    Path brokerDir;
    private ConnectorHarness harness;

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private ConnectorHarness start(Map<String, String> extra) throws Exception {
        harness = new ConnectorHarness(dataDir);
        harness.properties.put("broker.redelivery-delay", "100");
        harness.properties.put("broker.max-redelivery-delay", "200");
        harness.properties.putAll(extra);
        return harness.start();
    }

    private String amqp() {
        return harness.brokerUrl().replace("tcp://", "amqp://");
    }

    private String stomp() {
        return harness.brokerUrl().replace("tcp://", "stomp://");
    }

    @Test
    void nodeHelpdeskOverAmqpTakesEnvelopesWithTheirPropertiesAndItsRepliesAreSentInOrder() throws Exception {
        start(Map.of());
        DirectMessageRef dm = harness.sandbox.injectDirectMessage("alice", "acme_support", CUSTOMER_TEXT, List.of());

        Output inbox = HelpdeskScripts.node("inbox.js", amqp(), null, WAIT, "--count", "1");

        assertThat(inbox.lines()).as(inbox.errors()).hasSize(1);
        JsonNode received = inbox.lines().get(0);
        JsonNode envelope = assertRoutable(received.path("body").asText(), received.path("properties"));
        assertThat(envelope.path("id").asText()).isEqualTo("dm:" + dm.id());
        assertThat(envelope.path("text").asText()).isEqualTo(CUSTOMER_TEXT);
        assertThat(received.path("groupId").asText()).isEqualTo(envelope.path("conversationKey").asText());

        String key = envelope.path("conversationKey").asText();
        for (int i = 1; i <= 3; i++) {
            Output sent = HelpdeskScripts.node("reply.js", amqp(), reply("node-" + i, key, "Réponse n°" + i + " 🙂"),
                    WAIT);
            assertThat(sent.exitCode()).as(sent.errors()).isZero();
        }
        Output statuses = HelpdeskScripts.node("inbox.js", amqp(), null, WAIT, STATUS, "--count", "3");

        assertThat(statuses.lines()).extracting(s -> json(s.path("body").asText()).path("status").asText())
                .containsExactly("sent", "sent", "sent");
        assertThat(statuses.lines()).extracting(s -> s.path("properties").path("ReplyId").asText())
                .containsExactly("node-1", "node-2", "node-3");
        assertThat(harness.sandbox.sentDirectMessages()).extracting(SentDirectMessage::text)
                .containsExactly("Réponse n°1 🙂", "Réponse n°2 🙂", "Réponse n°3 🙂");
    }

    @Test
    void pythonHelpdeskOverStompTakesEnvelopesWithTheirHeadersAndItsRepliesAreSent() throws Exception {
        start(Map.of());
        TweetRef mention = harness.sandbox.injectMention("bob", "@acme_support " + CUSTOMER_TEXT, null, List.of());

        Output inbox = HelpdeskScripts.python("inbox.py", stomp(), null, WAIT, "--count", "1");

        assertThat(inbox.lines()).as(inbox.errors()).hasSize(1);
        JsonNode received = inbox.lines().get(0);
        JsonNode envelope = assertRoutable(received.path("body").asText(), received.path("headers"));
        assertThat(envelope.path("id").asText()).isEqualTo("tweet:" + mention.id());
        assertThat(envelope.path("text").asText()).isEqualTo("@acme_support " + CUSTOMER_TEXT);
        assertThat(received.path("headers").path("_AMQ_GROUP_ID").asText())
                .isEqualTo(envelope.path("conversationKey").asText());
        assertThat(received.path("headers").path("redelivered").asText()).isEqualTo("false");

        String key = envelope.path("conversationKey").asText();
        Output sent = HelpdeskScripts.python("reply.py", stomp(), reply("py-1", key, "Merci Bob, c'est réglé ✅"), WAIT);
        assertThat(sent.exitCode()).as(sent.errors()).isZero();
        Output status = HelpdeskScripts.python("inbox.py", stomp(), null, WAIT, STATUS, "--count", "1");

        assertThat(status.lines()).hasSize(1);
        assertThat(json(status.lines().get(0).path("body").asText()).path("status").asText()).isEqualTo("sent");
        assertThat(status.lines().get(0).path("headers").path("ReplyId").asText()).isEqualTo("py-1");
        assertThat(harness.sandbox.sentTweets()).extracting(t -> t.text())
                .containsExactly("@bob Merci Bob, c'est réglé ✅");
    }

    @Test
    void perInboxQueuesAndAlertsReachNonJavaConsumersWithTheirProperties() throws Exception {
        start(Map.of("inbound.queue", "helpdesk.inbox.${header.Inbox}", "health.account-check-interval", "300ms"));
        harness.sandbox.injectDirectMessage("jane", "acme_support", "to my inbox, s'il vous plaît", List.of());

        Output inbox = HelpdeskScripts.node("inbox.js", amqp(), null, WAIT, "helpdesk.inbox.support", "--count", "1");
        harness.sandbox.revokeCredentials("acme_support");
        Output alert = HelpdeskScripts.python("inbox.py", stomp(), null, WAIT, "twitter.alerts", "--count", "1");

        assertThat(inbox.lines()).as(inbox.errors()).hasSize(1);
        assertThat(assertRoutable(inbox.lines().get(0).path("body").asText(), inbox.lines().get(0).path("properties"))
                .path("text").asText()).isEqualTo("to my inbox, s'il vous plaît");
        assertThat(alert.lines()).as(alert.errors()).hasSize(1);
        assertThat(alert.lines().get(0).path("headers").path("AlertType").asText()).isEqualTo("account_unhealthy");
        assertThat(json(alert.lines().get(0).path("body").asText()).path("type").asText())
                .isEqualTo("account_unhealthy");
    }

    @Test
    void conversationIsTheMessageGroupWhicheverProtocolSentTheReply() throws Exception {
        start(Map.of());
        // to a queue of the test's (the connector would take them off twitter.replies at once): what a JMS consumer,
        // as the connector is, sees of the group an AMQP group-id or a STOMP JMSXGroupID header gives
        String scratch = "helpdesk.group-check";
        String key = "twitter:dm:4200:1000";

        Output amqpSend = HelpdeskScripts.node("reply.js", Map.of("BROKER_URL", amqp(), "REPLY_QUEUE", scratch),
                reply("g-amqp", key, "über AMQP"), WAIT);
        Output stompSend = HelpdeskScripts.python("reply.py", Map.of("BROKER_URL", stomp(), "REPLY_QUEUE", scratch),
                reply("g-stomp", key, "über STOMP"), WAIT);
        List<QueueReader.Received> got = harness.jms().receive(scratch, 2, WAIT);

        assertThat(amqpSend.exitCode()).as(amqpSend.errors()).isZero();
        assertThat(stompSend.exitCode()).as(stompSend.errors()).isZero();
        assertThat(got).extracting(r -> json(r.body()).path("text").asText()).containsExactly("über AMQP", "über STOMP");
        assertThat(got).allSatisfy(r -> assertThat(r.properties()).containsEntry("JMSXGroupID", key));
    }

    @Test
    void malformedAndOversizedRepliesAreRejectedWithAStatusAndNothingStaysOnTheQueue() throws Exception {
        start(Map.of());
        String big = "é".repeat(32 * 1024); // 64 KiB of UTF-8
        harness.sandbox.injectDirectMessage("ivan", "acme_support", "too much to say", List.of());
        String key = json(harness.jms().receive(INBOUND, 1, WAIT).get(0).body()).path("conversationKey").asText();

        assertThat(HelpdeskScripts.python("reply.py", stomp(), "{\"replyId\": \"broken\", ", WAIT).exitCode()).isZero();
        assertThat(HelpdeskScripts.python("reply.py", stomp(), reply("big-stomp", key, big), WAIT).exitCode()).isZero();
        assertThat(HelpdeskScripts.node("reply.js", amqp(), reply("big-amqp", key, big), WAIT).exitCode()).isZero();
        Output statuses = HelpdeskScripts.python("inbox.py", stomp(), null, WAIT, STATUS, "--count", "3");

        assertThat(statuses.lines()).hasSize(3).allSatisfy(s -> assertThat(json(s.path("body").asText())
                .path("status").asText()).isEqualTo("rejected"));
        assertThat(statuses.lines()).extracting(s -> json(s.path("body").asText()).path("error").path("code").asText())
                .containsExactlyInAnyOrder("malformed_json", "text_too_long", "text_too_long");
        assertThat(statuses.lines()).extracting(s -> json(s.path("body").asText()).path("replyId").asText(null))
                .containsExactlyInAnyOrder(null, "big-stomp", "big-amqp");
        assertThat(harness.jms().browse("twitter.replies")).isEmpty();
        assertThat(harness.jms().drain(STATUS, Duration.ofSeconds(1))).as("statuses of redeliveries").isEmpty();
        assertThat(harness.sandbox.sentDirectMessages()).isEmpty();
    }

    @Test
    void malformedConversationCommandByStompIsParkedWithItsReason() throws Exception {
        start(Map.of());

        Output sent = HelpdeskScripts.python("reply.py", Map.of("BROKER_URL", stomp(),
                "REPLY_QUEUE", "twitter.conversation.commands"), "{\"command\": \"close\", ", WAIT);
        List<QueueReader.Received> parked = harness.jms().receive("twitter.conversation.commands.dead-letters", 1,
                WAIT);

        assertThat(sent.exitCode()).as(sent.errors()).isZero();
        assertThat(parked).extracting(QueueReader.Received::body).containsExactly("{\"command\": \"close\", ");
        assertThat(parked.get(0).properties()).containsEntry("DeadLetterCode", "malformed_command");
        assertThat(harness.jms().browse("twitter.conversation.commands")).isEmpty();
    }

    @Test
    void envelopeNotAcknowledgedComesBackOnceToTheNextConsumer() throws Exception {
        start(Map.of());
        DirectMessageRef dm = harness.sandbox.injectDirectMessage("carol", "acme_support", "lost?", List.of());

        Output crashedStomp = HelpdeskScripts.python("inbox.py", stomp(), null, WAIT, "--crash");
        Output crashedAmqp = HelpdeskScripts.node("inbox.js", amqp(), null, WAIT, "--crash");
        Output next = HelpdeskScripts.node("inbox.js", amqp(), null, WAIT, "--count", "1");
        Output after = HelpdeskScripts.python("inbox.py", stomp(), null, Duration.ofSeconds(2));

        assertThat(List.of(crashedStomp, crashedAmqp, next)).allSatisfy(o -> assertThat(o.lines()).hasSize(1)
                .allSatisfy(l -> assertThat(json(l.path("body").asText()).path("id").asText())
                        .isEqualTo("dm:" + dm.id())));
        assertThat(crashedAmqp.lines().get(0).path("properties").path("TwitterKind").asText())
                .isEqualTo("direct_message");
        assertThat(next.lines().get(0).path("deliveryCount").asInt()).as("delivery count").isPositive();
        assertThat(after.lines()).as("nothing more once it was acknowledged").isEmpty();
        assertThat(harness.jms().browse(INBOUND)).isEmpty();
    }

    @Test
    void rejectedOrFailedEnvelopeIsRedeliveredUpToTheDeadLetterQueue() throws Exception {
        start(Map.of("broker.max-delivery-attempts", "3"));
        TweetRef rejected = harness.sandbox.injectMention("dave", "@acme_support poison one", null, List.of());
        assertThat(HelpdeskScripts.node("inbox.js", amqp(), null, WAIT, "--count", "3", "--reject").lines())
                .extracting(l -> l.path("deliveryCount").asInt()).containsExactly(0, 1, 2);
        TweetRef failed = harness.sandbox.injectMention("erin", "@acme_support poison two", null, List.of());
        assertThat(HelpdeskScripts.node("inbox.js", amqp(), null, WAIT, "--count", "3", "--fail").lines())
                .extracting(l -> l.path("deliveryCount").asInt()).containsExactly(0, 1, 2);

        Output dead = HelpdeskScripts.python("inbox.py", stomp(), null, WAIT, "DLA::DLQ." + INBOUND,
                "--count", "2");

        assertThat(dead.lines()).extracting(l -> json(l.path("body").asText()).path("id").asText())
                .containsExactlyInAnyOrder("tweet:" + rejected.id(), "tweet:" + failed.id());
        assertThat(harness.jms().browse(INBOUND)).isEmpty();
    }

    @Test
    void mqttClientCanSendAReply() throws Exception {
        start(Map.of());
        harness.sandbox.injectDirectMessage("frank", "acme_support", "hello over there", List.of());
        String key = json(harness.jms().receive(INBOUND, 1, WAIT).get(0).body()).path("conversationKey").asText();

        Output sent = HelpdeskScripts.node("reply-mqtt.js", harness.brokerUrl().replace("tcp://", "mqtt://"), null,
                WAIT, reply("mqtt-1", key, "Hallo über MQTT 📡"));

        assertThat(sent.exitCode()).as(sent.errors()).isZero();
        assertThat(harness.jms().receive(STATUS, 1, WAIT)).extracting(s -> json(s.body()).path("status").asText())
                .containsExactly("sent");
        assertThat(harness.sandbox.sentDirectMessages()).extracting(SentDirectMessage::text)
                .containsExactly("Hallo über MQTT 📡");
    }

    @Test
    void withALoginTheEmbeddedBrokerRefusesAnonymousClients() throws Exception {
        start(Map.of("broker.user", "helpdesk", "broker.password", "p@ss word"));
        harness.sandbox.injectDirectMessage("gina", "acme_support", "with a login", List.of());

        Output anonymous = HelpdeskScripts.node("inbox.js", amqp(), null, Duration.ofSeconds(10), "--count", "1");
        Output loggedIn = HelpdeskScripts.node("inbox.js", amqp().replace("amqp://", "amqp://helpdesk:p%40ss%20word@"),
                null, WAIT, "--count", "1");

        assertThat(anonymous.exitCode()).isNotZero();
        assertThat(anonymous.lines()).isEmpty();
        assertThat(loggedIn.lines()).extracting(l -> json(l.path("body").asText()).path("text").asText())
                .containsExactly("with a login");
    }

    @Test
    void standaloneArtemisWithLoginServesTheSameClients() throws Exception {
        try (StandaloneArtemis broker = StandaloneArtemis.create(brokerDir.resolve("instance"), "helpdesk", "s3cret")
                .withProperties(Path.of("docker", "artemis", "broker.properties")).start()) {
            start(Map.of("broker.url", broker.url(), "broker.user", "helpdesk", "broker.password", "s3cret"));
            String login = broker.url().replace("tcp://", "helpdesk:s3cret@");
            DirectMessageRef dm = harness.sandbox.injectDirectMessage("hana", "acme_support", CUSTOMER_TEXT, List.of());

            Output inbox = HelpdeskScripts.node("inbox.js", "amqp://" + login, null, WAIT, "--count", "1");
            JsonNode received = inbox.lines().get(0);
            JsonNode envelope = assertRoutable(received.path("body").asText(), received.path("properties"));
            Output sent = HelpdeskScripts.python("reply.py", "stomp://" + login,
                    reply("ext-1", envelope.path("conversationKey").asText(), "Voilà ✔"), WAIT);
            Output status = HelpdeskScripts.python("inbox.py", "stomp://" + login, null, WAIT, STATUS, "--count", "1");

            assertThat(envelope.path("id").asText()).isEqualTo("dm:" + dm.id());
            assertThat(sent.exitCode()).as(sent.errors()).isZero();
            assertThat(status.lines()).extracting(s -> json(s.path("body").asText()).path("status").asText())
                    .containsExactly("sent");
            assertThat(harness.sandbox.sentDirectMessages()).extracting(SentDirectMessage::text)
                    .containsExactly("Voilà ✔");

            // docker/artemis/broker.properties: a rejected envelope comes back instead of going to DLA at once
            harness.sandbox.injectMention("ivan", "@acme_support reject me once", null, List.of());
            assertThat(HelpdeskScripts.node("inbox.js", "amqp://" + login, null, WAIT, "--count", "1", "--reject")
                    .lines()).hasSize(1);
            assertThat(HelpdeskScripts.node("inbox.js", "amqp://" + login, null, WAIT, "--count", "1").lines())
                    .extracting(l -> l.path("deliveryCount").asInt()).containsExactly(1);
            harness.close();
            harness = null;
        }
    }

    /** The envelope is valid and every routing property carries the envelope's value under its JMS name. */
    private static JsonNode assertRoutable(String body, JsonNode properties) {
        assertThat(EnvelopeSchemaCheck.errors(body)).isEmpty();
        JsonNode envelope = EnvelopeSchemaCheck.parse(body);
        Map<String, String> expected = Map.of("TwitterKind", envelope.path("kind").asText(),
                "TwitterAccountId", envelope.path("account").path("id").asText(),
                "TwitterCustomerId", envelope.path("customer").path("id").asText(),
                "ConversationKey", envelope.path("conversationKey").asText(),
                "ConversationId", envelope.path("conversationId").asText(),
                "Inbox", envelope.path("inbox").asText());
        for (String name : ROUTING_PROPERTIES) {
            assertThat(properties.path(name).asText()).as(name).isEqualTo(expected.get(name)).isNotEmpty();
        }
        return envelope;
    }

    private static String reply(String replyId, String conversationKey, String text) {
        return "{\"replyId\":\"" + replyId + "\",\"conversationKey\":\"" + conversationKey + "\",\"text\":\"" + text
                + "\"}";
    }

    private static JsonNode json(String text) {
        return EnvelopeSchemaCheck.parse(text);
    }
}
