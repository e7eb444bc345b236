package io.twitterhelpdesk.e2e.inbound;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.e2e.support.QueueReader.Received;
import io.twitterhelpdesk.sandbox.DirectMessageRef;
import io.twitterhelpdesk.sandbox.Media;
import io.twitterhelpdesk.sandbox.TweetRef;
import io.twitterhelpdesk.sandbox.TwitterSandbox;
import io.twitterhelpdesk.e2e.support.ApiFlavour;
import io.twitterhelpdesk.e2e.support.EnvelopeSchemaCheck;
import io.twitterhelpdesk.e2e.support.FreePorts;
import io.twitterhelpdesk.e2e.support.QueueReader;
import io.twitterhelpdesk.e2e.support.RunningConnector;
import io.twitterhelpdesk.e2e.support.TestAccounts;
import io.twitterhelpdesk.e2e.support.TestProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import twitter4j.Twitter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end through the real twitter4j client, the sandbox over loopback and the embedded Artemis broker: what a
 * helpdesk reading the queue with a plain JMS consumer sees. {@link PollingDeliveryV2Test} runs the same over X API v2.
 */
class PollingDeliveryTest {

    private static final String QUEUE = "twitter.inbound";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    private TwitterSandbox sandbox;
    private int brokerPort;
    private RunningConnector connector;
    private QueueReader queue;

    @BeforeEach
    void startSandbox() {
        sandbox = new TwitterSandbox("127.0.0.1", 0, 0).start();
        sandbox.disableRateLimits();
        TestAccounts.register(sandbox);
        brokerPort = FreePorts.next();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (queue != null) {
            queue.close();
        }
        if (connector != null) {
            connector.close();
        }
        sandbox.close();
    }

    /** The Twitter API the test accounts use. */
    ApiFlavour api() {
        return ApiFlavour.V1_1;
    }

    private Map<String, String> properties() {
        return TestProperties.connector(sandbox, dataDir, brokerPort, api());
    }

    private void startConnector() throws Exception {
        connector = RunningConnector.start(properties());
        if (queue == null) {
            queue = new QueueReader("tcp://127.0.0.1:" + brokerPort);
        }
    }

    @Test
    void directMessageArrivesAsTaggedSchemaValidEnvelopeWithRoutingProperties() throws Exception {
        startConnector();
        DirectMessageRef dm = sandbox.injectDirectMessage("alice", "acme_support",
                "My order is broken, details at https://example.com/orders/123 thanks",
                List.of(new Media("photo", "https://cdn.example.com/broken.jpg", "a cracked mug")));

        List<Received> got = queue.receive(QUEUE, 1, WAIT);

        assertThat(got).hasSize(1);
        Received message = got.get(0);
        assertThat(EnvelopeSchemaCheck.errors(message.body())).isEmpty();
        JsonNode envelope = EnvelopeSchemaCheck.parse(message.body());
        assertThat(envelope.path("id").asText()).isEqualTo("dm:" + dm.id());
        assertThat(envelope.path("kind").asText()).isEqualTo("direct_message");
        assertThat(envelope.path("tags").get(0).asText()).isEqualTo("Twitter:Direct");
        assertThat(envelope.path("account").path("id").asText()).isEqualTo("42");
        assertThat(envelope.path("account").path("screenName").asText()).isEqualTo("acme_support");
        assertThat(envelope.path("customer").path("screenName").asText()).isEqualTo("alice");
        assertThat(envelope.path("conversationKey").asText()).isEqualTo("twitter:dm:42:" + dm.senderId());
        assertThat(envelope.path("text").asText())
                .isEqualTo("My order is broken, details at https://example.com/orders/123 thanks");
        assertThat(envelope.path("media").get(0).path("type").asText()).isEqualTo("photo");
        assertThat(envelope.path("media").get(0).path("url").asText()).isEqualTo("https://cdn.example.com/broken.jpg");
        assertThat(envelope.path("media").get(0).path("altText").asText()).isEqualTo("a cracked mug");
        assertThat(envelope.path("source").asText()).isEqualTo("poll");
        assertThat(message.properties())
                .containsEntry("TwitterKind", "direct_message")
                .containsEntry("TwitterAccountId", "42")
                .containsEntry("TwitterCustomerId", Long.toString(dm.senderId()))
                .containsEntry("ConversationKey", "twitter:dm:42:" + dm.senderId())
                .containsEntry("Inbox", "support")
                .containsEntry("JMSXGroupID", "twitter:dm:42:" + dm.senderId())
                .doesNotContainKey("TwitterAccount");
        assertThat(String.valueOf(message.properties().get("_AMQ_DUPL_ID"))).contains("dm:" + dm.id());
    }

    @Test
    void mentionArrivesAsPublicThreadEnvelope() throws Exception {
        startConnector();
        TweetRef tweet = sandbox.injectMention("bob", "@acme_support my parcel never came https://example.com/t/9",
                null, List.of());

        List<Received> got = queue.receive(QUEUE, 1, WAIT);

        assertThat(got).hasSize(1);
        assertThat(EnvelopeSchemaCheck.errors(got.get(0).body())).isEmpty();
        JsonNode envelope = EnvelopeSchemaCheck.parse(got.get(0).body());
        assertThat(envelope.path("id").asText()).isEqualTo("tweet:" + tweet.id());
        assertThat(envelope.path("kind").asText()).isEqualTo("mention");
        assertThat(envelope.path("tags").get(0).asText()).isEqualTo("Twitter:Mention");
        assertThat(envelope.path("conversationKey").asText()).isEqualTo("twitter:thread:" + tweet.id());
        assertThat(envelope.path("text").asText()).contains("https://example.com/t/9").doesNotContain("t.co");
        assertThat(envelope.path("tweetUrl").asText()).isEqualTo("https://twitter.com/bob/status/" + tweet.id());
        assertThat(got.get(0).properties()).containsEntry("TwitterKind", "mention")
                .containsEntry("JMSXGroupID", "twitter:thread:" + tweet.id());
    }

    @Test
    void ownEchoesAreDroppedAndEachAccountKeepsItsOwnId() throws Exception {
        startConnector();
        DirectMessageRef first = sandbox.injectDirectMessage("carol", "acme_sales", "Do you ship to Norway?", List.of());
        assertThat(queue.receive(QUEUE, 1, WAIT)).hasSize(1);

        // the account answers through the API, as an agent's reply would: the answer shows in its own DM list
        accountClient("at-43", "ats-43").v1().directMessages().sendDirectMessage(first.senderId(), "Yes, we do!");
        sandbox.injectDirectMessage("carol", "acme_sales", "Great, thanks", List.of());

        List<Received> got = queue.receive(QUEUE, 1, WAIT);
        assertThat(got).hasSize(1);
        JsonNode envelope = EnvelopeSchemaCheck.parse(got.get(0).body());
        assertThat(envelope.path("text").asText()).isEqualTo("Great, thanks");
        assertThat(envelope.path("account").path("id").asText()).isEqualTo("43");
        assertThat(envelope.path("account").path("screenName").asText()).isEqualTo("acme_sales");
        assertThat(queue.drain(QUEUE, Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void restartDeliversNothingTwiceAndLosesNothingInjectedWhileDown() throws Exception {
        startConnector();
        sandbox.injectDirectMessage("dave", "acme_support", "before restart", List.of());
        sandbox.injectMention("dave", "@acme_support before restart", null, List.of());
        assertThat(queue.receive(QUEUE, 2, WAIT)).hasSize(2);

        queue.close();
        queue = null;
        connector.close();
        connector = null;
        sandbox.injectDirectMessage("dave", "acme_support", "while down", List.of());
        sandbox.injectMention("erin", "@acme_support while down", null, List.of());
        startConnector();

        List<Received> got = queue.receive(QUEUE, 2, WAIT);
        got.addAll(queue.drain(QUEUE, Duration.ofSeconds(2)));
        assertThat(got).extracting(r -> EnvelopeSchemaCheck.parse(r.body()).path("text").asText())
                .containsExactlyInAnyOrder("while down", "@acme_support while down");
    }

    @Test
    void backlogIsFetchedAtTheApiPageMaximaWithoutWastedRequests() throws Exception {
        for (int i = 0; i < 120; i++) {
            sandbox.injectDirectMessage("customer" + (i % 7), "acme_support", "dm " + i, List.of());
        }
        for (int i = 0; i < 250; i++) {
            sandbox.injectMention("fan" + (i % 5), "@acme_support mention " + i, null, List.of());
        }
        Map<String, String> p = properties();
        p.put("twitter.accounts", "acme_support");
        p.put("inbound.dm.poll-delay", "1h");
        p.put("inbound.mention.poll-delay", "1h");
        connector = RunningConnector.start(p);
        queue = new QueueReader("tcp://127.0.0.1:" + brokerPort);

        List<Received> got = queue.receive(QUEUE, 370, Duration.ofSeconds(60));

        assertThat(got).hasSize(370);
        assertThat(got).extracting(r -> r.properties().get("_AMQ_DUPL_ID").toString()).doesNotHaveDuplicates();
        // one poll each, at the page maxima: v1.1 takes 3 DM requests (50 a page), 2 mention requests (200 a page)
        // and 1 users/lookup for the 7 senders; v2 2 DM requests and 3 mention requests (100 a page), and no
        // lookup: the senders come expanded in the same answers
        int dmRequests = (120 + api().dmPageSize - 1) / api().dmPageSize;
        int mentionRequests = (250 + api().mentionPageSize - 1) / api().mentionPageSize;
        assertThat(sandbox.requestCount(api().dmListKey)).isEqualTo(dmRequests);
        assertThat(sandbox.requestCount(api().mentionsKey)).isEqualTo(mentionRequests);
        assertThat(sandbox.requestCount("users_lookup")).isEqualTo(api() == ApiFlavour.V1_1 ? 1 : 0);

        // after a restart, the poll that finds nothing new costs one request per channel
        queue.close();
        queue = null;
        connector.close();
        connector = RunningConnector.start(p);
        queue = new QueueReader("tcp://127.0.0.1:" + brokerPort);
        long until = System.nanoTime() + WAIT.toNanos();
        while ((sandbox.requestCount(api().dmListKey) < dmRequests + 1
                || sandbox.requestCount(api().mentionsKey) < mentionRequests + 1) && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(queue.drain(QUEUE, Duration.ofMillis(500))).isEmpty();
        assertThat(sandbox.requestCount(api().dmListKey)).isEqualTo(dmRequests + 1);
        assertThat(sandbox.requestCount(api().mentionsKey)).isEqualTo(mentionRequests + 1);
    }

    private Twitter accountClient(String token, String tokenSecret) {
        Properties props = new Properties();
        props.setProperty("restBaseURL", sandbox.restBaseUrl());
        return Twitter.newBuilder().load(props).oAuthConsumer("ck-test", "cs-test")
                .oAuthAccessToken(token, tokenSecret).build();
    }
}
