package io.twitterhelpdesk.e2e.inbound;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.e2e.support.QueueReader.Received;
import io.twitterhelpdesk.sandbox.DirectMessageRef;
import io.twitterhelpdesk.sandbox.SentDirectMessage;
import io.twitterhelpdesk.sandbox.SentTweet;
import io.twitterhelpdesk.sandbox.TweetRef;
import io.twitterhelpdesk.sandbox.TwitterSandbox;
import io.twitterhelpdesk.e2e.support.ApiFlavour;
import io.twitterhelpdesk.e2e.support.ConnectorJvm;
import io.twitterhelpdesk.e2e.support.EnvelopeSchemaCheck;
import io.twitterhelpdesk.e2e.support.FreePorts;
import io.twitterhelpdesk.e2e.support.ManagementCalls;
import io.twitterhelpdesk.e2e.support.QueueReader;
import io.twitterhelpdesk.e2e.support.TestAccounts;
import io.twitterhelpdesk.e2e.support.TestProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connector as its own JVM, killed with SIGKILL in the middle of the stream and started again on the same data
 * directory (state database and broker journal): every customer message reaches the queue exactly once, and every
 * reply is sent to Twitter exactly once with exactly one final status. acme_support is on API v1.1, acme_sales on X
 * API v2; both are polled and pushed by the Account Activity webhook. One more case puts acme_support on the X
 * Activity stream and kills the connector while it reads a burst of DMs. Figures go to RELIABILITY.md.
 */
class CrashRecoveryTest {

    private static final String INBOUND = "twitter.inbound";
    private static final String REPLIES = "twitter.replies";
    private static final String STATUS = "twitter.reply.status";

    @TempDir
    Path dataDir;
    private TwitterSandbox sandbox;
    private Map<String, String> properties;
    private int brokerPort;
    private ConnectorJvm connector;

    @BeforeEach
    void start() {
        sandbox = new TwitterSandbox("127.0.0.1", 0, 0).start();
        sandbox.disableRateLimits();
        sandbox.setWebhookRetryDelays(Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(2));
        TestAccounts.register(sandbox);
        brokerPort = FreePorts.next();
        properties = TestProperties.connector(sandbox, dataDir, brokerPort);
        // acme_sales on X API v2 with OAuth 2.0 (a grant the sandbox issued), acme_support on v1.1 with OAuth 1.0a
        properties.put("twitter.account.acme_sales.api", "v2");
        sandbox.registerOAuth2Client(ApiFlavour.CLIENT_ID, ApiFlavour.CLIENT_SECRET);
        String k = "twitter.account.acme_sales.";
        properties.put(k + "auth", "oauth2");
        properties.put(k + "oauth2-client-id", ApiFlavour.CLIENT_ID);
        properties.put(k + "oauth2-client-secret", ApiFlavour.CLIENT_SECRET);
        properties.put(k + "oauth2-refresh-token",
                sandbox.issueOAuth2Tokens("acme_sales", ApiFlavour.CLIENT_ID, Duration.ofHours(2)).refreshToken());
        properties.put("api.keys", "crash-test-api-key-7f3a");
        properties.put("inbound.dm.poll-delay", "200");
        properties.put("inbound.mention.poll-delay", "200");
        properties.put("outbound.retry-delay", "100");
    }

    @AfterEach
    void stop() throws Exception {
        if (connector != null) {
            connector.close();
        }
        sandbox.close();
        // keep the connector's logs for a look after a failure
        Path kept = Path.of("target", "crash-logs");
        java.nio.file.Files.createDirectories(kept);
        try (var logs = java.nio.file.Files.list(dataDir)) {
            for (Path log : logs.filter(f -> f.toString().endsWith(".log")).toList()) {
                java.nio.file.Files.copy(log, kept.resolve(log.getFileName()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        assertNoSecretInLogs();
    }

    private void startConnector(String name) throws Exception {
        connector = ConnectorJvm.start(properties, dataDir.resolve(name + ".log"));
        if (sandbox.webhook().isEmpty()) {
            sandbox.registerWebhook("http://127.0.0.1:" + properties.get("camel.server.port") + "/webhooks/twitter");
        }
    }

    @Test
    void killedWhileIngestingDeliversEveryMessageExactlyOnce() throws Exception {
        int total = 2000;
        startConnector("first");
        Set<String> injected = new HashSet<>();
        for (int i = 0; i < total; i++) {
            String account = i % 2 == 0 ? "acme_support" : "acme_sales";
            if (i % 3 == 0) {
                TweetRef t = sandbox.injectMention("fan" + (i % 50), "@" + account + " mention " + i, null, List.of());
                injected.add("tweet:" + t.id());
            } else {
                DirectMessageRef dm = sandbox.injectDirectMessage("customer" + (i % 50), account, "dm " + i,
                        List.of());
                injected.add("dm:" + dm.id());
            }
            if (i == total / 2) {
                connector.kill();
            }
            if (i % 100 == 0) {
                Thread.sleep(50);
            }
        }
        startConnector("second");

        Delivered delivered = Delivered.collect(brokerPort, total, Duration.ofSeconds(180));
        Map<String, Integer> counts = delivered.counts();
        Map<String, List<String>> sources = delivered.sources();
        Map<String, List<JsonNode>> byConversationKey = delivered.byConversationKey();
        Set<String> missing = delivered.missing(injected);
        Map<String, Integer> duplicates = delivered.duplicates();
        System.out.printf("RELIABILITY crash-ingest: injected=%d delivered=%d missing=%d duplicates=%d "
                + "webhookDeliveries=%d%n", total, counts.size(), missing.size(), duplicates.size(),
                sandbox.webhookDeliveries().size());
        assertThat(missing).as("lost messages; log:\n" + connector.tail()).isEmpty();
        assertThat(duplicates).as("delivered twice, by " + duplicates.keySet().stream()
                .map(id -> id + " " + sources.get(id)).toList()).isEmpty();
        assertThat(counts.keySet()).isEqualTo(injected);
        // no close and no long silence: each conversation key had one conversation, opened by exactly one message,
        // across the kill (the conversation is decided and stored before the envelope is sent)
        byConversationKey.forEach((key, envelopes) -> {
            assertThat(envelopes).extracting(e -> e.path("conversationId").asText()).as(key).containsOnly(
                    envelopes.get(0).path("conversationId").asText());
            assertThat(envelopes).filteredOn(e -> e.path("newConversation").asBoolean()).as(key).hasSize(1);
        });
    }

    /**
     * A backlog larger than one poll's pages (150 DMs each for acme_support on v1.1 and acme_sales on v2, 25 per page,
     * 4 pages per poll): the connector is killed after the first poll of each scan. The restart takes the accounts
     * over once the dead instance's leases expire, polls them at once and goes on with the pages the scans kept in the
     * state database, so the pages fetched before the kill are not fetched again (each read is billed, and the
     * rate-limit window is spent on it), and every DM arrives once.
     */
    @Test
    void killedInTheMiddleOfABacklogScanGoesOnWithoutFetchingItsPagesAgain() throws Exception {
        int perAccount = 150;
        int pages = perAccount / 25;
        properties.put("inbound.max-pages-per-poll", "4");
        properties.put("inbound.dm.page-size", "25");
        properties.put("inbound.v2.dm.page-size", "25");
        // the second poll of the scan 5 s after the first: the kill comes before it, also on a busy machine
        properties.put("inbound.dm.poll-delay", "5000");
        properties.put("twitter.account.acme_support.mentions-enabled", "false");
        properties.put("twitter.account.acme_sales.mentions-enabled", "false");
        Set<String> injected = new HashSet<>();
        for (int i = 0; i < perAccount; i++) {
            injected.add("dm:" + sandbox.injectDirectMessage("backlog" + (i % 40), "acme_support", "v1.1 backlog " + i,
                    List.of()).id());
            injected.add("dm:" + sandbox.injectDirectMessage("backlog" + (i % 40), "acme_sales", "v2 backlog " + i,
                    List.of()).id());
        }
        startConnector("first");
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while ((sandbox.requestCount("dm_list") < 4 || sandbox.requestCount("v2_dm_events") < 4)
                && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        Thread.sleep(150); // the fourth page kept
        connector.kill();
        int v1BeforeKill = sandbox.requestCount("dm_list");
        int v2BeforeKill = sandbox.requestCount("v2_dm_events");

        // one poll each after the restart, at the takeover (the next is a minute away): the requests below are the
        // scans' alone
        properties.put("inbound.dm.poll-delay", "60000");
        startConnector("second");
        // within 50 s: the takeover's poll, not the scheduled one a minute after the start
        Delivered delivered = Delivered.collect(brokerPort, injected.size(), Duration.ofSeconds(50));
        Map<String, Integer> afterRestart = Map.of("v1.1", sandbox.requestCount("dm_list") - v1BeforeKill,
                "v2", sandbox.requestCount("v2_dm_events") - v2BeforeKill);
        System.out.printf("RELIABILITY crash-backlog: pagesPerScan=%d requestsBeforeKill=v1.1:%d,v2:%d "
                + "requestsAfterRestart=%s delivered=%d missing=%d duplicates=%d%n", pages,
                v1BeforeKill, v2BeforeKill, afterRestart, delivered.counts().size(),
                delivered.missing(injected).size(), delivered.duplicates().size());
        assertThat(delivered.missing(injected)).as("lost messages; log:\n" + connector.tail()).isEmpty();
        assertThat(delivered.duplicates()).isEmpty();
        // a scan from the newest page again would take all 6 pages; going on with the kept ones takes the rest (one
        // more if the kill came between the fourth page's request and its keeping)
        assertThat(afterRestart.get("v1.1")).as("v1.1 requests after the restart")
                .isLessThanOrEqualTo(pages - v1BeforeKill + 1);
        assertThat(afterRestart.get("v2")).as("v2 requests after the restart")
                .isLessThanOrEqualTo(pages - v2BeforeKill + 1);
    }

    /**
     * acme_support on the X Activity stream ({@code xaa-stream}), killed with SIGKILL in the middle of a burst of DMs
     * and started again on the same data directory: the DMs that came while it was down, and those it had read but
     * not yet checkpointed, come back by the reconnect's backfill from the persisted stream position, and dedup
     * keeps the ones already delivered from arriving twice.
     */
    @Test
    void killedWhileReadingTheActivityStreamDeliversEveryDmExactlyOnce() throws Exception {
        sandbox.setActivityKeepAliveInterval(Duration.ofMillis(200));
        properties.put("twitter.account.acme_support.ingestion", "xaa-stream");
        properties.put("twitter.api.app-token-url", sandbox.appTokenUrl());
        properties.put("xaa.stream.stall-timeout", "2s");
        properties.put("xaa.stream.reconnect-delay", "200");
        properties.put("xaa.stream.reconnect-max-delay", "1s");
        properties.put("xaa.checkpoint-interval", "300");
        // no Account Activity webhook here: the stream is the only way acme_support's DMs come in
        connector = ConnectorJvm.start(properties, dataDir.resolve("xaa-first.log"));
        awaitActivityStream();
        int total = 400;
        Set<String> injected = new HashSet<>();
        for (int i = 0; i < total; i++) {
            injected.add("dm:" + sandbox.injectDirectMessage("streamed" + (i % 40), "acme_support", "xaa dm " + i,
                    List.of()).id());
            if (i == total / 2) {
                connector.kill();
            }
            Thread.sleep(5);
        }
        connector = ConnectorJvm.start(properties, dataDir.resolve("xaa-second.log"));

        Delivered delivered = Delivered.collect(brokerPort, total, Duration.ofSeconds(90));
        Map<String, Integer> counts = delivered.counts();
        Map<String, List<String>> sources = delivered.sources();
        Map<String, List<JsonNode>> byConversationKey = delivered.byConversationKey();
        Set<String> missing = delivered.missing(injected);
        Map<String, Integer> duplicates = delivered.duplicates();
        System.out.printf("RELIABILITY crash-xaa-stream: injected=%d delivered=%d missing=%d duplicates=%d%n", total,
                counts.size(), missing.size(), duplicates.size());
        assertThat(missing).as("lost messages; log:\n" + connector.tail()).isEmpty();
        assertThat(duplicates).as("delivered twice, by " + duplicates.keySet().stream()
                .map(id -> id + " " + sources.get(id)).toList()).isEmpty();
        assertThat(counts.keySet()).isEqualTo(injected);
        assertThat(sources.values()).allSatisfy(s -> assertThat(s).allMatch(x -> x.startsWith("stream@")));
        String metrics = new ManagementCalls("http://127.0.0.1:" + properties.get("camel.management.port")).metrics();
        assertThat(ManagementCalls.value(metrics, "twitter_helpdesk_activity_recoveries_total", "kind=\"backfill\""))
                .as("the restarted connector asked the gap back").isGreaterThanOrEqualTo(1);
        assertThat(ManagementCalls.value(metrics, "twitter_helpdesk_messages_dropped_total", "reason=\"duplicate\"",
                "account=\"acme_support\"")).as("backfilled DMs delivered before the kill, dropped by dedup")
                .isGreaterThanOrEqualTo(1);
        byConversationKey.forEach((key, envelopes) ->
                assertThat(envelopes).filteredOn(e -> e.path("newConversation").asBoolean()).as(key).hasSize(1));
    }

    private void awaitActivityStream() throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (sandbox.openActivityStreams() != 1 || sandbox.activitySubscriptions().size() < 5) {
            assertThat(System.nanoTime()).as("the activity stream open with its subscriptions; log:\n"
                    + connector.tail()).isLessThan(until);
            Thread.sleep(50);
        }
    }

    @Test
    void killedWhileSendingRepliesSendsEachOnceWithOneFinalStatus() throws Exception {
        startConnector("first");
        List<String> dmKeys = new ArrayList<>();
        List<String> threadKeys = new ArrayList<>();
        for (int c = 0; c < 60; c++) {
            String account = c % 2 == 0 ? "acme_support" : "acme_sales";
            long accountId = c % 2 == 0 ? TestAccounts.SUPPORT_ID : TestAccounts.SALES_ID;
            DirectMessageRef dm = sandbox.injectDirectMessage("writer" + c, account, "help " + c, List.of());
            dmKeys.add("twitter:dm:" + accountId + ":" + dm.senderId());
        }
        for (int c = 0; c < 50; c++) {
            String account = c % 2 == 0 ? "acme_support" : "acme_sales";
            TweetRef t = sandbox.injectMention("tweeter" + c, "@" + account + " problem " + c, null, List.of());
            threadKeys.add("twitter:thread:" + t.id());
        }
        Map<String, String> texts = new HashMap<>();
        try (QueueReader jms = new QueueReader("tcp://127.0.0.1:" + brokerPort)) {
            assertThat(jms.receive(INBOUND, 110, Duration.ofSeconds(60))).hasSize(110);
            // 60 DM conversations x 5 replies (the most Twitter allows) + 50 threads x 4 public replies = 500, queued
            // at once (one transaction): the senders are quicker than one request at a time, and the kill below is
            // to come while most are still to be sent
            List<String> requests = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (String key : dmKeys) {
                    requests.add(request(texts, "dm-" + dmKeys.indexOf(key) + "-" + round, key));
                }
                for (String key : round < 4 ? threadKeys : List.<String>of()) {
                    requests.add(request(texts, "pub-" + threadKeys.indexOf(key) + "-" + round, key));
                }
            }
            jms.sendAll(REPLIES, requests);
        }
        assertThat(texts).hasSize(500);
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (sentCount() < 150 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        connector.kill();
        int sentAtKill = sentCount();
        startConnector("second");

        Map<String, List<String>> statuses = new HashMap<>();
        try (QueueReader jms = new QueueReader("tcp://127.0.0.1:" + brokerPort)) {
            long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (statuses.size() < texts.size() && System.nanoTime() < end) {
                for (Received r : jms.receive(STATUS, texts.size(), Duration.ofSeconds(2))) {
                    JsonNode status = EnvelopeSchemaCheck.parse(r.body());
                    statuses.computeIfAbsent(status.path("replyId").asText(), k -> new ArrayList<>())
                            .add(status.path("status").asText() + (status.path("error").isObject()
                                    ? " " + status.path("error").path("code").asText() : ""));
                }
            }
            for (Received r : jms.drain(STATUS, Duration.ofSeconds(3))) {
                JsonNode status = EnvelopeSchemaCheck.parse(r.body());
                statuses.computeIfAbsent(status.path("replyId").asText(), k -> new ArrayList<>())
                        .add(status.path("status").asText());
            }
        }

        Map<String, Long> sentTexts = new HashMap<>();
        sandbox.sentDirectMessages().stream().map(SentDirectMessage::text)
                .forEach(t -> sentTexts.merge(t, 1L, Long::sum));
        sandbox.sentTweets().stream().map(SentTweet::text).map(CrashRecoveryTest::withoutMentions)
                .forEach(t -> sentTexts.merge(t, 1L, Long::sum));
        long twice = sentTexts.values().stream().filter(n -> n > 1).count();
        long notSent = texts.values().stream().filter(t -> !sentTexts.containsKey(t)).count();
        long statusDuplicates = statuses.values().stream().filter(l -> l.size() > 1).count();
        System.out.printf("RELIABILITY crash-replies: replies=%d sentAtKill=%d sent=%d sentTwice=%d notSent=%d "
                + "statuses=%d replyIdsWithMoreThanOneStatus=%d%n", texts.size(), sentAtKill, sentCount(), twice,
                notSent, statuses.size(), statusDuplicates);
        assertThat(sentAtKill).isBetween(1, 499);
        assertThat(twice).as("sent twice: " + sentTexts.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey).toList()).isZero();
        assertThat(notSent).as("never sent: " + texts.entrySet().stream().filter(e -> !sentTexts.containsKey(e.getValue()))
                .map(e -> e.getKey() + " " + statuses.get(e.getKey())).toList()).isZero();
        assertThat(statuses.keySet()).isEqualTo(texts.keySet());
        assertThat(statuses).allSatisfy((id, list) -> assertThat(list).as(id).containsExactly("sent"));
    }

    /** Everything the two connector processes wrote: no configured secret may appear in it. */
    private void assertNoSecretInLogs() throws java.io.IOException {
        List<String> secrets = List.of("cs-test", "ats-42", "ats-43", "at-42", "at-43", ApiFlavour.CLIENT_SECRET,
                properties.get("twitter.account.acme_sales.oauth2-refresh-token"), properties.get("api.keys"));
        StringBuilder all = new StringBuilder();
        try (var logs = java.nio.file.Files.list(dataDir)) {
            for (Path log : logs.filter(f -> f.toString().endsWith(".log")).toList()) {
                all.append(java.nio.file.Files.readString(log));
            }
        }
        assertThat(all).as("connector logs").isNotEmpty();
        for (String secret : secrets) {
            assertThat(all.indexOf(secret)).as("secret " + secret.substring(0, 3) + "... in the logs (kept in target/crash-logs)").isEqualTo(-1);
        }
        System.out.printf("RELIABILITY secrets-in-logs: logChars=%d secretsChecked=%d found=0%n", all.length(),
                secrets.size());
    }

    /** What reached the inbound queue: how often each envelope id, by which source when, per conversation key. */
    private record Delivered(Map<String, Integer> counts, Map<String, List<String>> sources,
            Map<String, List<JsonNode>> byConversationKey) {

        /** Reads the queue until {@code total} distinct envelopes came (or {@code timeout}), then until it is quiet. */
        static Delivered collect(int brokerPort, int total, Duration timeout) throws Exception {
            Delivered delivered = new Delivered(new HashMap<>(), new HashMap<>(), new HashMap<>());
            try (QueueReader queue = new QueueReader("tcp://127.0.0.1:" + brokerPort)) {
                long until = System.nanoTime() + timeout.toNanos();
                while (delivered.counts.size() < total && System.nanoTime() < until) {
                    queue.receive(INBOUND, total, Duration.ofSeconds(2)).forEach(delivered::count);
                }
                queue.drain(INBOUND, Duration.ofSeconds(3)).forEach(delivered::count);
            }
            return delivered;
        }

        private void count(Received r) {
            JsonNode envelope = EnvelopeSchemaCheck.parse(r.body());
            byConversationKey.computeIfAbsent(envelope.path("conversationKey").asText(), k -> new ArrayList<>())
                    .add(envelope);
            String id = envelope.path("id").asText();
            counts.merge(id, 1, Integer::sum);
            sources.computeIfAbsent(id, k -> new ArrayList<>()).add(envelope.path("source").asText() + "@"
                    + envelope.path("receivedAt").asText());
        }

        Set<String> missing(Set<String> injected) {
            Set<String> missing = new HashSet<>(injected);
            missing.removeAll(counts.keySet());
            return missing;
        }

        Map<String, Integer> duplicates() {
            return counts.entrySet().stream().filter(e -> e.getValue() > 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }
    }

    private static String request(Map<String, String> texts, String replyId, String key) {
        String text = "Reply " + replyId + " from the crash test";
        texts.put(replyId, text);
        return "{\"replyId\":\"" + replyId + "\",\"conversationKey\":\"" + key + "\",\"text\":\"" + text + "\"}";
    }

    private int sentCount() {
        return sandbox.sentDirectMessages().size() + sandbox.sentTweets().size();
    }

    /** A public reply's text as posted carries the @mention of the customer in front. */
    private static String withoutMentions(String text) {
        return text.replaceAll("^(@\\w+\\s+)+", "");
    }

}
