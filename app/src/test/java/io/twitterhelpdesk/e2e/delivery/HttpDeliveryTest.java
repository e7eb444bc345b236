package io.twitterhelpdesk.e2e.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twitterhelpdesk.e2e.support.TestHttp;
import io.twitterhelpdesk.e2e.support.QueueReader.Received;
import io.twitterhelpdesk.e2e.support.StubHelpdesk.Request;
import io.twitterhelpdesk.e2e.support.CapturedLog;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.FreePorts;
import io.twitterhelpdesk.e2e.support.QueueReader;
import io.twitterhelpdesk.e2e.support.StubHelpdesk;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP delivery end to end: envelopes on the queue, the real connector, a stub helpdesk over real HTTP on loopback.
 * The broker's redelivery is scaled down (100 ms doubling up to 1 s, 6 attempts).
 */
class HttpDeliveryTest {

    private static final String QUEUE = "twitter.inbound";
    private static final String DEAD_LETTERS = "helpdesk.stub.dead-letters";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    private ConnectorHarness harness;
    private StubHelpdesk helpdesk;
    private QueueReader queue;
    private CapturedLog log;
    private Map<String, String> properties;
    private final HttpClient http = TestHttp.client();

    @BeforeEach
    void start() throws Exception {
        helpdesk = new StubHelpdesk(FreePorts.next());
        Path create = Files.writeString(dataDir.resolve("create.jsonata"),
                "{\"subject\": \"Twitter: @\" & customer.screenName, \"body\": text, \"ref\": id,"
                        + " \"tags\": tags}");
        Path append = Files.writeString(dataDir.resolve("append.jsonata"), "{\"comment\": text, \"ref\": id}");
        harness = new ConnectorHarness(dataDir.resolve("data"));
        properties = harness.properties;
        properties.put("inbound.dm.poll-delay", "1h");
        properties.put("inbound.mention.poll-delay", "1h");
        properties.put("helpdesk.http.stub.retry.initial-delay", "100");
        properties.put("helpdesk.http.stub.retry.multiplier", "2");
        properties.put("helpdesk.http.stub.retry.max-delay", "400");
        properties.put("helpdesk.http.stub.retry.probe-interval", "300");
        properties.put("helpdesk.http.stub.retry.give-up-after", "5s");
        properties.put("helpdesk.http.helpdesks", "stub");
        properties.put("helpdesk.http.stub.queue", QUEUE);
        properties.put("helpdesk.http.stub.create.url", helpdesk.url() + "/tickets");
        properties.put("helpdesk.http.stub.create.template", "file:" + create);
        properties.put("helpdesk.http.stub.ticket-id-path", "$.ticket.id");
        properties.put("helpdesk.http.stub.append.url", helpdesk.url() + "/tickets/{ticketId}");
        properties.put("helpdesk.http.stub.append.method", "PUT");
        properties.put("helpdesk.http.stub.append.template", "file:" + append);
        properties.put("helpdesk.http.stub.gone-statuses", "404,410,422");
        properties.put("helpdesk.http.stub.auth.type", "bearer");
        properties.put("helpdesk.http.stub.auth.token", "s3cret-helpdesk-token");
        properties.put("helpdesk.http.stub.headers", "X-Source: twitter-connector");
        properties.put("helpdesk.http.stub.connect-timeout", "500");
        properties.put("helpdesk.http.stub.response-timeout", "500");
        log = CapturedLog.of("io.twitterhelpdesk.delivery");
        queue = harness.start().jms();
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
        helpdesk.close();
        log.close();
    }

    @Test
    void firstMessageCreatesTheTicketLaterOnesAppendWithAuthHeadersAndTemplateOutput() throws Exception {
        queue.send(QUEUE, envelope("dm:101", "twitter:dm:42:7", "alice", "My order is late"));
        queue.send(QUEUE, envelope("dm:102", "twitter:dm:42:7", "alice", "Any news?"));

        awaitRequests(2);

        List<Request> got = helpdesk.requests();
        assertThat(got).extracting(Request::method, Request::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("POST", "/tickets"),
                        org.assertj.core.groups.Tuple.tuple("PUT", "/tickets/1"));
        assertThat(got.get(0).body()).isEqualTo("{\"subject\":\"Twitter: @alice\",\"body\":\"My order is late\","
                + "\"ref\":\"dm:101\",\"tags\":[\"Twitter:Direct\"]}");
        assertThat(got.get(1).body()).isEqualTo("{\"comment\":\"Any news?\",\"ref\":\"dm:102\"}");
        for (Request r : got) {
            assertThat(r.header("Authorization")).isEqualTo("Bearer s3cret-helpdesk-token");
            assertThat(r.header("X-Source")).isEqualTo("twitter-connector");
            assertThat(r.header("Content-Type")).startsWith("application/json");
            assertThat(r.headers().keySet()).noneMatch(h -> h.startsWith("camel") || h.startsWith("jms")
                    || h.equals("conversationkey"));
        }
        assertThat(got.get(0).header("Idempotency-Key")).isEqualTo("dm:101");
        assertThat(helpdesk.ticketsCreated()).containsExactly(1);
        await(() -> delivered(2));
        assertThat(log.lines()).noneMatch(l -> l.message().contains("s3cret"));
    }

    @Test
    void aClosedTicketIsNotReopenedTheNextMessageCreatesANewOne() throws Exception {
        queue.send(QUEUE, envelope("dm:201", "twitter:dm:42:8", "bob", "first"));
        awaitRequests(1);
        helpdesk.close(1);

        queue.send(QUEUE, envelope("dm:202", "twitter:dm:42:8", "bob", "after close"));
        awaitRequests(3);
        queue.send(QUEUE, envelope("dm:203", "twitter:dm:42:8", "bob", "and again"));
        awaitRequests(4);

        assertThat(helpdesk.requests()).extracting(r -> r.method() + " " + r.path())
                .containsExactly("POST /tickets", "PUT /tickets/1", "POST /tickets", "PUT /tickets/2");
        assertThat(helpdesk.requests().get(2).body()).contains("\"body\":\"after close\"");
        assertThat(helpdesk.ticketsCreated()).containsExactly(1, 2);
        await(() -> log.lines().stream().anyMatch(l -> l.level() == Level.WARN
                && l.message().contains("ticket 1 of twitter:dm:42:8 is gone or closed (HTTP 422)")));
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilTheHelpdeskAccepts() throws Exception {
        helpdesk.then(500, "{\"error\":\"oops\"}");
        helpdesk.then(409, "{\"error\":\"ticket is being updated\"}");
        helpdesk.then(429, "{\"error\":\"slow down\"}");

        queue.send(QUEUE, envelope("dm:301", "twitter:dm:42:9", "carol", "hello"));

        awaitRequests(4);
        await(() -> delivered(1));
        assertThat(helpdesk.ticketsCreated()).containsExactly(1);
        assertThat(log.lines()).filteredOn(l -> l.level() == Level.WARN && l.message().contains("could not take dm:301"))
                .extracting(l -> l.message().replaceAll(".*answered (HTTP \\d+).*", "$1"))
                .containsExactly("HTTP 500", "HTTP 409", "HTTP 429");
        assertThat(queue.drain(DEAD_LETTERS, Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void aTimeoutIsRetriedAndTheIdempotencyKeyKeepsItToOneTicket() throws Exception {
        helpdesk.thenDelayed(1500);

        queue.send(QUEUE, envelope("dm:401", "twitter:dm:42:10", "dan", "slow"));

        awaitRequests(2);
        await(() -> delivered(1));
        assertThat(helpdesk.requests()).extracting(r -> r.header("Idempotency-Key")).containsOnly("dm:401");
        assertThat(helpdesk.ticketsCreated()).containsExactly(1);
        assertThat(log.lines()).anyMatch(l -> l.level() == Level.WARN && l.message().contains("could not take dm:401"));

        queue.send(QUEUE, envelope("dm:402", "twitter:dm:42:10", "dan", "next"));
        awaitRequests(3);
        assertThat(helpdesk.requests().get(2).path()).isEqualTo("/tickets/1");
    }

    @Test
    void aClientErrorIsDeadLetteredAtOnceWithTheAnswerAndReplayDeliversIt() throws Exception {
        helpdesk.then(400, "{\"error\":\"subject is too long\"}");

        queue.send(QUEUE, envelope("dm:501", "twitter:dm:42:11", "erin", "bad one"));

        List<Received> dead = queue.receive(DEAD_LETTERS, 1, WAIT);
        assertThat(dead).hasSize(1);
        assertThat(helpdesk.requests()).hasSize(1);
        assertThat(dead.get(0).properties()).containsEntry("HelpdeskStatus", 400)
                .containsEntry("HelpdeskAnswer", "{\"error\":\"subject is too long\"}")
                .containsEntry("Helpdesk", "stub");
        assertThat((String) dead.get(0).properties().get("DeadLetterReason")).contains("HTTP 400");
        assertThat(log.lines()).anyMatch(l -> l.level() == Level.ERROR && l.message().contains("dm:501 parked"));

        // the admin fixed the cause; the dead letter is put back (it was consumed above: send it back as parked)
        queue.send(DEAD_LETTERS, dead.get(0).body());
        HttpResponse<String> replay = replay("stub");
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(replay.body()).path("replayed").asInt()).isEqualTo(1);
        awaitRequests(2);
        await(() -> delivered(1));
        assertThat(helpdesk.ticketsCreated()).containsExactly(1);
        assertThat(replay("nope").statusCode()).isEqualTo(404);
    }

    @Test
    void aHelpdeskDownLongerThanGiveUpAfterParksTheMessageWithTheLastErrorThenReplayDeliversIt() throws Exception {
        helpdesk.stop();
        queue.send(QUEUE, envelope("dm:601", "twitter:dm:42:12", "fay", "during maintenance"));

        await(() -> log.lines().stream().anyMatch(l -> l.level() == Level.ERROR && l.message().contains("dm:601 parked")));
        assertThat(log.lines()).anyMatch(l -> l.level() == Level.ERROR
                && l.message().contains("could not take it for retry.give-up-after"));
        helpdesk.start();
        assertThat(helpdesk.requests()).isEmpty();

        HttpResponse<String> replay = replay("stub");
        assertThat(JSON.readTree(replay.body()).path("replayed").asInt()).isEqualTo(1);
        awaitRequests(1);
        await(() -> delivered(1));
        assertThat(helpdesk.ticketsCreated()).containsExactly(1);
    }

    @Test
    void aParkedMessageHoldsItsConversationsLaterOnesAndTheReplayDeliversThemInOrder() throws Exception {
        helpdesk.then(400, "{\"error\":\"invalid requester\"}");

        queue.send(QUEUE, envelope("dm:901", "twitter:dm:42:20", "ivy", "first"));
        queue.send(QUEUE, envelope("dm:902", "twitter:dm:42:20", "ivy", "second"));
        queue.send(QUEUE, envelope("dm:903", "twitter:dm:42:21", "jon", "another conversation"));

        awaitRequests(2);
        await(() -> delivered(1));
        List<Received> dead = queue.receive(DEAD_LETTERS, 2, WAIT);
        assertThat(dead).extracting(d -> JSON.readTree(d.body()).path("id").asText())
                .containsExactly("dm:901", "dm:902");
        assertThat((String) dead.get(1).properties().get("DeadLetterReason")).contains("held behind dm:901");
        assertThat(helpdesk.requests().get(1).body()).contains("another conversation");

        // the admin fixed the requester; the dead letters are put back (consumed above: send them back as parked)
        for (Received d : dead) {
            queue.send(DEAD_LETTERS, d.body());
        }
        assertThat(JSON.readTree(replay("stub").body()).path("replayed").asInt()).isEqualTo(2);
        awaitRequests(4);
        assertThat(helpdesk.requests().subList(2, 4)).extracting(r -> r.method() + " " + r.path() + " "
                + JSON.readTree(r.body()).path("ref").asText())
                .containsExactly("POST /tickets dm:901", "PUT /tickets/2 dm:902");

        // the conversation flows again
        queue.send(QUEUE, envelope("dm:904", "twitter:dm:42:20", "ivy", "third"));
        awaitRequests(5);
        assertThat(helpdesk.requests().get(4).path()).isEqualTo("/tickets/2");
    }

    @Test
    void aCreateAnswerWithoutTheTicketIdIsDeadLetteredNotRetried() throws Exception {
        helpdesk.then(201, "{\"ok\":true}");

        queue.send(QUEUE, envelope("dm:701", "twitter:dm:42:13", "gus", "where is the id"));

        List<Received> dead = queue.receive(DEAD_LETTERS, 1, WAIT);
        assertThat(dead).hasSize(1);
        assertThat((String) dead.get(0).properties().get("DeadLetterReason")).contains("no ticket id");
        assertThat(dead.get(0).properties()).containsEntry("HelpdeskAnswer", "{\"ok\":true}");
        assertThat(queue.drain(DEAD_LETTERS, Duration.ofMillis(500))).isEmpty();
        assertThat(helpdesk.requests()).hasSize(1);
    }

    @Test
    void anUnreachableHelpdeskLosesNothingAndCreatesNoDuplicate() throws Exception {
        helpdesk.stop();
        queue.send(QUEUE, envelope("dm:801", "twitter:dm:42:14", "hal", "one"));
        queue.send(QUEUE, envelope("dm:802", "twitter:dm:42:14", "hal", "two"));
        await(() -> log.lines().stream().anyMatch(l -> l.message().contains("could not take dm:801")
                && l.message().contains("(try 2)")));
        Thread.sleep(1000);
        helpdesk.start();

        awaitRequests(2);
        await(() -> delivered(2));
        assertThat(helpdesk.requests()).extracting(r -> r.method() + " " + r.path())
                .containsExactly("POST /tickets", "PUT /tickets/1");
        assertThat(queue.drain(DEAD_LETTERS, Duration.ofMillis(300))).isEmpty();
    }

    private boolean delivered(int count) {
        return log.lines().stream().filter(l -> l.message().contains(" delivered (")).count() >= count;
    }

    private void awaitRequests(int count) throws InterruptedException {
        await(() -> helpdesk.requests().size() >= count);
        Thread.sleep(200);
        assertThat(helpdesk.requests()).hasSize(count);
    }

    /** Waits (at most 20 s) until the condition holds. */
    static void await(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            Thread.sleep(20);
        }
    }

    private HttpResponse<String> replay(String name) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(harness.apiBaseUrl()
                        + "/api/v1/helpdesks/" + name + "/dead-letters/replay"))
                .header("X-API-Key", "sandbox-api-key").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String envelope(String id, String conversationKey, String screenName, String text) {
        JsonNode node = JSON.createObjectNode()
                .put("schema", "twitter-helpdesk/v1").put("id", id).put("kind", "direct_message")
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("tags", JSON.createArrayNode().add("Twitter:Direct"))
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("account",
                        JSON.createObjectNode().put("id", "42").put("screenName", "acme_support"))
                .put("inbox", "support")
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("customer",
                        JSON.createObjectNode().put("id", "7").put("screenName", screenName).putNull("name"))
                .put("conversationKey", conversationKey).put("text", text)
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("media", JSON.createArrayNode())
                .putNull("inReplyToTweetId").putNull("tweetUrl").put("createdAt", "2026-11-22T01:02:03Z")
                .put("receivedAt", "2026-11-22T01:02:04Z").put("source", "poll");
        return node.toString();
    }
}
