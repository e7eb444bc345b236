package io.twitterhelpdesk.e2e.cost;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cheapest path (issue 23 part 3): an account on X Activity push reads its DMs and mentions from the pushes only. X
 * bills every DM event and post a poll returns, so in normal operation, and when the stream drops and its gap is
 * recovered (X Activity's own backfill, not a poll), no request of a poller (v1.1 or v2, DMs or mentions) reaches X.
 */
class PushedChannelsAreNotPolledTest {

    private static final String INBOUND = "twitter.inbound";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> POLLS = List.of("dm_list", "mentions", "v2_dm_events", "v2_mentions");

    @TempDir
    Path dataDir;
    private ConnectorHarness harness;

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void noPollRequestReachesXForAPushedChannelAlsoAcrossAStreamsGap() throws Exception {
        harness = new ConnectorHarness(dataDir);
        harness.sandbox.setActivityKeepAliveInterval(Duration.ofMillis(200));
        Map<String, String> p = harness.properties;
        p.put("twitter.account.acme_support.ingestion", "xaa-stream");
        p.put("twitter.account.acme_sales.ingestion", "xaa-webhook");
        p.put("twitter.account.acme_sales.api", "v2");
        // were the accounts polled, their pollers would ask every 100 ms
        p.put("twitter.account.acme_support.dm-poll-delay", "100");
        p.put("twitter.account.acme_support.mention-poll-delay", "100");
        p.put("twitter.account.acme_sales.dm-poll-delay", "100");
        p.put("twitter.account.acme_sales.mention-poll-delay", "100");
        p.put("twitter.api.app-token-url", harness.sandbox.appTokenUrl());
        p.put("xaa.webhook.url", harness.apiBaseUrl() + "/webhooks/twitter");
        p.put("xaa.stream.stall-timeout", "2s");
        p.put("xaa.stream.reconnect-delay", "200");
        harness.start();
        awaitStreamAndWebhook();

        harness.sandbox.injectDirectMessage("alice", "acme_support", "where is my order?", null);
        harness.sandbox.injectMention("bob", "@acme_support the app crashes", null, null);
        harness.sandbox.injectDirectMessage("carol", "acme_sales", "a quote for 40 seats?", null);
        harness.sandbox.injectMention("dave", "@acme_sales do you invoice in EUR?", null, null);
        assertThat(harness.jms().receive(INBOUND, 4, WAIT)).hasSize(4);

        // a gap: the stream drops, a DM arrives meanwhile, the connector reconnects and recovers it
        harness.sandbox.disconnectActivityStreams();
        harness.sandbox.injectDirectMessage("erin", "acme_support", "sent while the stream was down", null);
        assertThat(harness.jms().receive(INBOUND, 1, WAIT)).hasSize(1);
        Thread.sleep(1_000);

        for (String poll : POLLS) {
            assertThat(harness.sandbox.requestCount(poll)).as(poll + " requests").isZero();
        }
    }

    private void awaitStreamAndWebhook() throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        while (!(harness.sandbox.openActivityStreams() == 1 && harness.sandbox.activitySubscriptions().size() >= 9
                && harness.sandbox.activityWebhooks().stream().anyMatch(w -> w.valid())) && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        assertThat(harness.sandbox.openActivityStreams()).as("the stream is open").isEqualTo(1);
    }
}
