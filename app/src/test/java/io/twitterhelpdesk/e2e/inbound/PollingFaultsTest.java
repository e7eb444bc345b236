package io.twitterhelpdesk.e2e.inbound;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.twitterhelpdesk.e2e.support.QueueReader.Received;
import io.twitterhelpdesk.inbound.PollGate;
import io.twitterhelpdesk.sandbox.TwitterSandbox;
import io.twitterhelpdesk.e2e.support.CapturedLog;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.EnvelopeSchemaCheck;
import io.twitterhelpdesk.e2e.support.QueueReader;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the connector does when Twitter misbehaves: answers it cannot parse, 401, 429 and 5xx. Each failed poll is
 * one clear log line, the poller backs off, and the message waiting behind the failure is delivered once.
 */
class PollingFaultsTest {

    private static final String QUEUE = "twitter.inbound";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    private ConnectorHarness harness;
    private TwitterSandbox sandbox;
    private QueueReader queue;
    private CapturedLog log;

    @BeforeEach
    void start() throws Exception {
        harness = new ConnectorHarness(dataDir);
        harness.properties.put("twitter.accounts", "acme_support");
        harness.properties.put("twitter.api.read-timeout", "700");
        log = CapturedLog.of(PollGate.class);
        harness.start();
        sandbox = harness.sandbox;
        queue = harness.jms();
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
        log.close();
    }

    @Test
    void serverErrorsAndUnparseableAnswersDelayButDoNotSkipTheMessage() throws Exception {
        sandbox.failNext("dm_list", 503, "{\"errors\":[{\"code\":130,\"message\":\"Over capacity\"}]}", 2);
        sandbox.failNext("mentions", 200, "[{\"id\":", 1);
        sandbox.injectDirectMessage("alice", "acme_support", "are you there?", List.of());
        sandbox.injectMention("alice", "@acme_support hello?", null, List.of());

        List<Received> got = queue.receive(QUEUE, 2, WAIT);
        got.addAll(queue.drain(QUEUE, Duration.ofSeconds(1)));

        assertThat(got).extracting(r -> EnvelopeSchemaCheck.parse(r.body()).path("text").asText())
                .containsExactlyInAnyOrder("are you there?", "@acme_support hello?");
        assertThat(log.lines()).filteredOn(l -> l.level() == Level.WARN).hasSize(3)
                .allSatisfy(l -> assertThat(l.hasStackTrace()).isFalse());
        assertThat(log.lines()).extracting(CapturedLog.Line::message)
                .anySatisfy(m -> assertThat(m).contains("dm", "acme_support", "HTTP 503", "Over capacity"))
                .anySatisfy(m -> assertThat(m).contains("mention", "acme_support"));
    }

    @Test
    void refusedCredentialsAreLoggedAndRetried() throws Exception {
        sandbox.failNext("dm_list", 401, "{\"errors\":[{\"code\":32,\"message\":\"Could not authenticate you.\"}]}", 1);
        sandbox.injectDirectMessage("bob", "acme_support", "hello", List.of());

        assertThat(queue.receive(QUEUE, 1, WAIT)).hasSize(1);
        assertThat(log.lines()).extracting(CapturedLog.Line::message)
                .anySatisfy(m -> assertThat(m).contains("HTTP 401", "code 32", "Could not authenticate you."));
    }

    @Test
    void rateLimitWaitsForTheWindowResetBeforePollingAgain() throws Exception {
        assertThat(queue.receive(QUEUE, 1, Duration.ofMillis(500))).isEmpty();
        Instant reset = Instant.now().plusSeconds(3);
        sandbox.failNextWithRateLimit("dm_list", reset, 1);
        int before = sandbox.requestCount("dm_list");
        sandbox.injectDirectMessage("carol", "acme_support", "waiting for the window", List.of());

        List<Received> got = queue.receive(QUEUE, 1, WAIT);

        assertThat(got).hasSize(1);
        Instant deliveredAt = Instant.now();
        assertThat(deliveredAt).isAfterOrEqualTo(reset.minusMillis(1000));
        // the 429 itself, then nothing until the reset, then the poll that delivered (polls every 100 ms otherwise)
        assertThat(sandbox.requestCount("dm_list") - before).isLessThanOrEqualTo(3);
        assertThat(log.lines()).extracting(CapturedLog.Line::message)
                .anySatisfy(m -> assertThat(m).contains("rate limit", "HTTP 429", "code 88"));
    }

    @Test
    void answersSlowerThanTheReadTimeoutAreRetriedAndTheMessageArrivesOnce() throws Exception {
        sandbox.answerNextSlowly("dm_list", Duration.ofSeconds(3), 2);
        sandbox.injectDirectMessage("dora", "acme_support", "slow day?", List.of());

        List<Received> got = queue.receive(QUEUE, 1, WAIT);
        got.addAll(queue.drain(QUEUE, Duration.ofSeconds(1)));

        assertThat(got).extracting(r -> EnvelopeSchemaCheck.parse(r.body()).path("text").asText())
                .containsExactly("slow day?");
        assertThat(log.lines()).extracting(CapturedLog.Line::message)
                .anySatisfy(m -> assertThat(m).contains("dm", "acme_support").containsIgnoringCase("timeout"));
    }

    @Test
    void aCursorLoopEndsTheScanWithoutRepeatingOrLosingTheMessage() throws Exception {
        var routes = harness.connector().context().getRouteController();
        assertThat(queue.receive(QUEUE, 1, Duration.ofMillis(300))).isEmpty();
        routes.stopRoute("account-poll");
        var dm = sandbox.injectDirectMessage("lou", "acme_support", "round and round", List.of());
        String loopingPage = ("{\"events\":[{\"type\":\"message_create\",\"id\":\"%d\",\"created_timestamp\":"
                + "\"%d\",\"message_create\":{\"target\":{\"recipient_id\":\"42\"},\"sender_id\":\"%d\","
                + "\"message_data\":{\"text\":\"round and round\",\"entities\":{\"hashtags\":[],\"symbols\":[],"
                + "\"user_mentions\":[],\"urls\":[]}}}}],\"next_cursor\":\"loop\"}")
                .formatted(dm.id(), System.currentTimeMillis(), dm.senderId());
        sandbox.failNext("dm_list", 200, loopingPage, 2);
        CapturedLog pollerLog = CapturedLog.of(io.twitterhelpdesk.inbound.DirectMessagePoller.class);
        try {
            routes.startRoute("account-poll");

            List<Received> got = queue.receive(QUEUE, 1, WAIT);
            got.addAll(queue.drain(QUEUE, Duration.ofSeconds(1)));

            assertThat(got).extracting(r -> EnvelopeSchemaCheck.parse(r.body()).path("id").asText())
                    .containsExactly("dm:" + dm.id());
            assertThat(pollerLog.lines()).extracting(CapturedLog.Line::message)
                    .anySatisfy(m -> assertThat(m).contains("cursor loop twice"));
        } finally {
            pollerLog.close();
        }
    }
}
