package io.twitterhelpdesk.e2e.replies;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.twitterhelpdesk.sandbox.DirectMessageRef;
import io.twitterhelpdesk.sandbox.SentDirectMessage;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.QueueReader;
import io.twitterhelpdesk.e2e.support.ReplyApi;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several reply-sender consumers (outbound.concurrent-consumers = 8) and still one conversation's replies reach
 * the customer in the order the agent sent them, by REST and by JMS from a helpdesk that sets no message group: the
 * REST API and the reply intake (route reply-grouping) put each reply in its conversation's message group. Without
 * the group (JMSXGroupID) the same test sent replies out of order in every run tried. A sender takes a conversation's
 * waiting requests in one broker transaction (outbound.sender-batch); a batch that fails after some of its replies
 * went out rolls back, and its requests come again, each alone: the customer gets each reply once, in order, and each
 * reply has one status event.
 */
class ReplyOrderingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper MAPPER = new ObjectMapper();
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
        harness.properties.put("outbound.concurrent-consumers", "8");
        harness.start(Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void severalSendersKeepEachConversationsRestRepliesInOrder() throws Exception {
        List<DirectMessageRef> customers = customersWrote();
        ReplyApi api = new ReplyApi(harness.apiBaseUrl(), API_KEY);

        // a backlog, as after a pause of the senders: all 20 requests queued before the senders compete for them
        harness.connector().context().getRouteController().stopRoute("reply-sender");
        for (int i = 1; i <= REPLIES_EACH; i++) {
            for (int c = 0; c < CUSTOMERS; c++) {
                String key = "twitter:dm:42:" + customers.get(c).senderId();
                assertThat(api.post("o-" + c + "-" + i, key, "answer " + i, null, WAIT)).isEqualTo(202);
            }
        }
        harness.connector().context().getRouteController().startRoute("reply-sender");

        assertEachCustomerGotAnswersInOrder(customers, "o-", api);
    }

    @Test
    void aHelpdeskThatSetsNoGroupStillGetsEachConversationsJmsRepliesInOrder() throws Exception {
        List<DirectMessageRef> customers = customersWrote();
        harness.connector().context().getRouteController().stopRoute("reply-sender");
        // a plain JMS producer on the reply queue: text messages without JMSXGroupID
        for (int i = 1; i <= REPLIES_EACH; i++) {
            for (int c = 0; c < CUSTOMERS; c++) {
                String key = "twitter:dm:42:" + customers.get(c).senderId();
                harness.jms().send("twitter.replies", "{\"replyId\":\"j-" + c + "-" + i + "\",\"conversationKey\":\""
                        + key + "\",\"text\":\"answer " + i + "\"}");
            }
        }
        // all of them moved into their groups while the senders are stopped: they compete for a backlog
        await(() -> harness.jms().browse("twitter.replies.grouped").size() == CUSTOMERS * REPLIES_EACH);
        assertThat(harness.jms().browse("twitter.replies.grouped"))
                .allSatisfy(m -> assertThat(m.properties().get("JMSXGroupID")).asString().startsWith("twitter:dm:42:"));
        harness.connector().context().getRouteController().startRoute("reply-sender");

        assertEachCustomerGotAnswersInOrder(customers, "j-", new ReplyApi(harness.apiBaseUrl(), API_KEY));
    }

    @Test
    void aBatchRolledBackAfterSomeRepliesWentOutSendsNoneTwiceAndReportsEachOnce() throws Exception {
        DirectMessageRef customer = customersWrote().get(0);
        String key = "twitter:dm:42:" + customer.senderId();
        // the second reply's processing fails once after its DM went out (as a state database failing then would):
        // the batch holding the conversation's three requests rolls back
        AtomicBoolean failed = new AtomicBoolean();
        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        AdviceWith.adviceWith(harness.connector().context(), "reply-sender", route -> route.weaveAddLast()
                .process(e -> {
                    String replyId = MAPPER.readTree(e.getVariable("request", String.class)).path("replyId").asText();
                    handled.computeIfAbsent(replyId, id -> new AtomicInteger()).incrementAndGet();
                    if (replyId.equals("b-2") && failed.compareAndSet(false, true)) {
                        throw new IllegalStateException("fails once after the send");
                    }
                }));
        harness.connector().context().getRouteController().stopRoute("reply-sender");
        for (int i = 1; i <= 3; i++) {
            harness.jms().send("twitter.replies", "{\"replyId\":\"b-" + i + "\",\"conversationKey\":\"" + key
                    + "\",\"text\":\"answer " + i + "\"}");
        }
        await(() -> harness.jms().browse("twitter.replies.grouped").size() == 3);
        harness.connector().context().getRouteController().startRoute("reply-sender");

        List<QueueReader.Received> statuses = harness.jms().receive("twitter.reply.status", 3, WAIT);
        assertThat(failed).as("the batch failed once").isTrue();
        // the first reply was in the batch that rolled back, after it went out: handed again, answered from its record
        assertThat(handled.get("b-1")).as("b-1 handled in the failed batch and again").hasValue(2);
        assertThat(statuses).extracting(s -> MAPPER.readTree(s.body()).path("replyId").asText())
                .containsExactlyInAnyOrder("b-1", "b-2", "b-3");
        assertThat(statuses).extracting(s -> MAPPER.readTree(s.body()).path("status").asText()).containsOnly("sent");
        assertThat(harness.jms().drain("twitter.reply.status", Duration.ofSeconds(2))).as("no second status")
                .isEmpty();
        assertThat(harness.sandbox.sentDirectMessages()).extracting(SentDirectMessage::text)
                .containsExactly("answer 1", "answer 2", "answer 3");
    }

    private List<DirectMessageRef> customersWrote() throws Exception {
        String senders = harness.connector().context().resolvePropertyPlaceholders("{{outbound.concurrent-consumers}}");
        assertThat(Integer.parseInt(senders)).as("reply senders").isGreaterThan(1);
        List<DirectMessageRef> customers = new ArrayList<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            customers.add(harness.sandbox.injectDirectMessage("customer" + c, "acme_support", "hello " + c, List.of()));
        }
        assertThat(harness.jms().receive("twitter.inbound", CUSTOMERS, WAIT)).hasSize(CUSTOMERS);
        return customers;
    }

    private void assertEachCustomerGotAnswersInOrder(List<DirectMessageRef> customers, String prefix, ReplyApi api)
            throws Exception {
        for (int c = 0; c < CUSTOMERS; c++) {
            for (int i = 1; i <= REPLIES_EACH; i++) {
                assertThat(api.finalStatus(prefix + c + "-" + i, WAIT).path("status").asText()).isEqualTo("sent");
            }
        }
        List<SentDirectMessage> sent = harness.sandbox.sentDirectMessages();
        assertThat(sent).hasSize(CUSTOMERS * REPLIES_EACH);
        for (DirectMessageRef customer : customers) {
            assertThat(sent.stream().filter(m -> m.recipientId() == customer.senderId()).map(SentDirectMessage::text))
                    .as("replies to " + customer.senderId() + " in the agent's order")
                    .containsExactly("answer 1", "answer 2", "answer 3", "answer 4", "answer 5");
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.holds()) {
            assertThat(System.nanoTime()).as("waited " + WAIT).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
