package io.twitterhelpdesk.e2e.replies;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.twitterhelpdesk.sandbox.DirectMessageRef;
import io.twitterhelpdesk.sandbox.SentDirectMessage;
import io.twitterhelpdesk.sandbox.TwitterSandbox;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.ReplyApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several reply-sender consumers (outbound.concurrent-consumers) and still one conversation's replies reach the
 * customer in the order the agent sent them: the REST API puts each reply in its conversation's message group. The
 * same test without the group (JMSXGroupID) sent replies out of order in every run tried.
 */
class ReplyOrderingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String API_KEY = "ordering-key";
    private static final int CUSTOMERS = 4;
    private static final int REPLIES_EACH = 5;

    @TempDir
    Path dataDir;
    private ConnectorHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = new ConnectorHarness(dataDir);
        harness.properties.put("api.keys", API_KEY);
        harness.properties.put("outbound.concurrent-consumers", "4");
        harness.start(Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void fourConsumersKeepEachConversationsRepliesInOrder() throws Exception {
        TwitterSandbox sandbox = harness.sandbox;
        List<DirectMessageRef> customers = new ArrayList<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            customers.add(sandbox.injectDirectMessage("customer" + c, "acme_support", "hello " + c, List.of()));
        }
        assertThat(harness.jms().receive("twitter.inbound", CUSTOMERS, WAIT)).hasSize(CUSTOMERS);

        // a backlog, as after a pause of the sender: all 20 requests queued before the 4 consumers compete for them
        harness.connector().context().getRouteController().stopRoute("reply-sender");
        ReplyApi api = new ReplyApi(harness.apiBaseUrl(), API_KEY);
        for (int i = 1; i <= REPLIES_EACH; i++) {
            for (int c = 0; c < CUSTOMERS; c++) {
                String key = "twitter:dm:42:" + customers.get(c).senderId();
                assertThat(api.post("o-" + c + "-" + i, key, "answer " + i, null, WAIT)).isEqualTo(202);
            }
        }
        harness.connector().context().getRouteController().startRoute("reply-sender");
        for (int c = 0; c < CUSTOMERS; c++) {
            for (int i = 1; i <= REPLIES_EACH; i++) {
                assertThat(api.finalStatus("o-" + c + "-" + i, WAIT).path("status").asText()).isEqualTo("sent");
            }
        }

        List<SentDirectMessage> sent = sandbox.sentDirectMessages();
        assertThat(sent).hasSize(CUSTOMERS * REPLIES_EACH);
        for (DirectMessageRef customer : customers) {
            assertThat(sent.stream().filter(m -> m.recipientId() == customer.senderId()).map(SentDirectMessage::text))
                    .as("replies to " + customer.senderId() + " in the agent's order")
                    .containsExactly("answer 1", "answer 2", "answer 3", "answer 4", "answer 5");
        }
    }
}
