package io.twitterhelpdesk.e2e.embed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.broker.BrokerSettings;
import io.twitterhelpdesk.broker.EmbeddedBroker;
import io.twitterhelpdesk.e2e.support.QueueReader.Received;
import io.twitterhelpdesk.sandbox.DirectMessageRef;
import io.twitterhelpdesk.sandbox.SentDirectMessage;
import io.twitterhelpdesk.sandbox.SentTweet;
import io.twitterhelpdesk.sandbox.TweetRef;
import io.twitterhelpdesk.sandbox.TwitterSandbox;
import io.twitterhelpdesk.e2e.support.ApiFlavour;
import io.twitterhelpdesk.e2e.support.EnvelopeSchemaCheck;
import io.twitterhelpdesk.e2e.support.EsbExample;
import io.twitterhelpdesk.e2e.support.QueueReader;
import io.twitterhelpdesk.e2e.support.TestAccounts;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kamelets in a plain Camel context, as an integration team's own application would run them: no connector main,
 * no connector configuration, only a {@link DefaultCamelContext}, the connector's jar on the class path, the team's
 * broker (an Artemis of the test's own) and the routes of {@code examples/esb/twitter-helpdesk.camel.yaml} (the
 * README's example). Twitter is the sandbox, called by the real twitter4j client; {@link KameletsInPlainCamelV2Test}
 * runs the same over X API v2.
 */
class KameletsInPlainCamelTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ENVELOPES = "helpdesk.inbound";
    private static final String REPLIES = "helpdesk.replies";
    private static final String STATUS = "helpdesk.reply.status";

    @TempDir
    Path dir;
    private TwitterSandbox sandbox;
    private EmbeddedBroker broker;
    private ActiveMQConnectionFactory connections;
    private CamelContext camel;
    private QueueReader jms;

    @BeforeEach
    void start() throws Exception {
        sandbox = new TwitterSandbox("127.0.0.1", 0, 0).start();
        sandbox.disableRateLimits();
        TestAccounts.register(sandbox);
        broker = new EmbeddedBroker(dir.resolve("artemis"), "127.0.0.1", 0, List.of("CORE"),
                new BrokerSettings("DLA", "ExpiryQueue", 5, 100, 2, 1000, 1000), null);
        broker.start();
        connections = new ActiveMQConnectionFactory(broker.url());

        camel = new DefaultCamelContext();
        camel.getPropertiesComponent().setInitialProperties(hostProperties());
        camel.addComponent("jms", JmsComponent.jmsComponent(connections));
        EsbExample.loadRoutes(camel);
        camel.start();
        jms = new QueueReader(broker.url());
    }

    /** The Twitter API the account uses. */
    ApiFlavour api() {
        return ApiFlavour.V1_1;
    }

    /** The example's properties, pointed at this test's sandbox, state file and broker queues. */
    private Properties hostProperties() {
        return EsbExample.properties(sandbox, api() == ApiFlavour.V2 ? "v2" : "v1.1", dir.resolve("state"), ENVELOPES,
                REPLIES, STATUS);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (jms != null) {
                jms.close();
            }
            if (camel != null) {
                camel.stop();
            }
        } finally {
            connections.close();
            broker.stop();
            sandbox.close();
        }
    }

    @Test
    void customersDirectMessageComesOutAsEnvelopeAndTheHelpdesksReplyGoesOutAsDirectMessage() throws Exception {
        DirectMessageRef dm = sandbox.injectDirectMessage("alice", "acme_support",
                "My order is late https://example.com/o/1", List.of());

        List<Received> envelopes = jms.receive(ENVELOPES, 1, WAIT);

        assertThat(envelopes).hasSize(1);
        Received out = envelopes.get(0);
        assertThat(EnvelopeSchemaCheck.errors(out.body())).isEmpty();
        JsonNode envelope = EnvelopeSchemaCheck.parse(out.body());
        String key = "twitter:dm:42:" + dm.senderId();
        assertThat(envelope.path("id").asText()).isEqualTo("dm:" + dm.id());
        assertThat(envelope.path("tags").get(0).asText()).isEqualTo("Twitter:Direct");
        assertThat(envelope.path("conversationKey").asText()).isEqualTo(key);
        assertThat(envelope.path("text").asText()).isEqualTo("My order is late https://example.com/o/1");
        assertThat(out.properties()).containsEntry("TwitterKind", "direct_message")
                .containsEntry("TwitterAccountId", "42").containsEntry("ConversationKey", key)
                .containsEntry("Inbox", "support").containsEntry("JMSXGroupID", key)
                .containsEntry("ConversationId", envelope.path("conversationId").asText());
        assertThat(envelope.path("conversationId").asText()).startsWith(key + "@");

        jms.send(REPLIES, "{\"replyId\":\"esb-1\",\"conversationKey\":\"" + key + "\",\"text\":\"On its way\"}");

        List<Received> status = jms.receive(STATUS, 1, WAIT);
        assertThat(status).hasSize(1);
        JsonNode event = EnvelopeSchemaCheck.parse(status.get(0).body());
        assertThat(event.path("replyId").asText()).isEqualTo("esb-1");
        assertThat(event.path("status").asText()).isEqualTo("sent");
        assertThat(status.get(0).properties()).containsEntry("ReplyId", "esb-1").containsEntry("ReplyStatus", "sent");
        List<SentDirectMessage> sent = sandbox.sentDirectMessages();
        assertThat(sent).singleElement().satisfies(s -> {
            assertThat(s.fromScreenName()).isEqualTo("acme_support");
            assertThat(s.recipientId()).isEqualTo(dm.senderId());
            assertThat(s.text()).isEqualTo("On its way");
            assertThat(event.path("twitterId").asText()).isEqualTo(Long.toString(s.id()));
        });
        assertThat(sandbox.requestCount(api().dmListKey)).isPositive();
        assertThat(sandbox.requestCount(api().dmSendKey)).isEqualTo(1);
        // the account's own reply comes back in its DM list: an echo, not emitted; nor is the first DM again
        assertThat(jms.drain(ENVELOPES, Duration.ofMillis(1500))).isEmpty();
    }

    @Test
    void mentionIsAnsweredInPublicAndTheRulesOfTheConnectorApply() throws Exception {
        TweetRef tweet = sandbox.injectMention("bob", "@acme_support my parcel never came", null, List.of());
        List<Received> envelopes = jms.receive(ENVELOPES, 1, WAIT);
        assertThat(envelopes).hasSize(1);
        JsonNode envelope = EnvelopeSchemaCheck.parse(envelopes.get(0).body());
        assertThat(EnvelopeSchemaCheck.errors(envelopes.get(0).body())).isEmpty();
        assertThat(envelope.path("kind").asText()).isEqualTo("mention");
        String thread = "twitter:thread:" + tweet.id();
        assertThat(envelope.path("conversationKey").asText()).isEqualTo(thread);

        jms.send(REPLIES, "{\"replyId\":\"esb-2\",\"conversationKey\":\"" + thread + "\",\"text\":\"Sorry Bob\"}");
        // a customer who never wrote cannot be DMed; a thread is never answered from another account
        jms.send(REPLIES, "{\"replyId\":\"esb-3\",\"conversationKey\":\"twitter:dm:42:999\",\"text\":\"Hi\"}");
        jms.send(REPLIES, "{\"replyId\":\"esb-4\",\"conversationKey\":\"" + thread
                + "\",\"text\":\"Hi\",\"accountId\":\"43\"}");

        Map<String, JsonNode> outcomes = new java.util.HashMap<>();
        for (Received r : jms.receive(STATUS, 3, WAIT)) {
            JsonNode event = EnvelopeSchemaCheck.parse(r.body());
            outcomes.put(event.path("replyId").asText(), event);
        }
        assertThat(outcomes).containsOnlyKeys("esb-2", "esb-3", "esb-4");
        assertThat(outcomes.get("esb-2").path("status").asText()).isEqualTo("sent");
        assertThat(outcomes.get("esb-3").path("status").asText()).isEqualTo("rejected");
        assertThat(outcomes.get("esb-3").path("error").path("code").asText())
                .isEqualTo("customer_has_not_written_first");
        assertThat(outcomes.get("esb-4").path("status").asText()).isEqualTo("rejected");
        assertThat(outcomes.get("esb-4").path("error").path("code").asText()).isEqualTo("unknown_account");
        List<SentTweet> tweets = sandbox.sentTweets();
        assertThat(tweets).singleElement().satisfies(t -> {
            assertThat(t.screenName()).isEqualTo("acme_support");
            assertThat(t.inReplyToStatusId()).isEqualTo(tweet.id());
        });
        assertThat(sandbox.sentDirectMessages()).isEmpty();
    }
}
