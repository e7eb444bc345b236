package io.twitterhelpdesk.e2e.inbound;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.twitterhelpdesk.e2e.support.TestHttp;
import io.twitterhelpdesk.e2e.support.QueueReader.Received;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.EnvelopeSchemaCheck;
import io.twitterhelpdesk.e2e.support.ManagementCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded fuzz run against the two endpoints the outside world reaches: 20,000 generated requests to the webhook
 * and the reply API (random bytes, invalid UTF-8, deep JSON nesting, huge strings, wrong types, missing, forged and
 * misplaced signatures and API keys, replays of valid signed events). A client's fault never gets a 5xx, nothing is
 * enqueued from a request that is not correctly signed, a replay is delivered once, the connector keeps answering
 * and its heap stays bounded. Seeded: a failure reproduces. The X Activity API's malformed envelopes, through the same
 * webhook and the stream, have a case of their own.
 */
class HostileInputTest {

    private static final long SEED = 20261122L;
    private static final int REQUESTS = 20_000;
    private static final String SECRET = "cs-test";
    private static final String API_KEY = "fuzz-api-key";

    @TempDir
    Path dataDir;
    private ConnectorHarness harness;
    private final HttpClient http = TestHttp.client();

    @BeforeEach
    void start() throws Exception {
        harness = new ConnectorHarness(dataDir);
        harness.properties.put("api.keys", API_KEY);
        // pushes only: the queue holds what the webhook let through and nothing else
        harness.properties.put("twitter.account.acme_support.ingestion", "webhook");
        harness.properties.put("twitter.account.acme_sales.ingestion", "webhook");
        harness.start();
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void twentyThousandHostileRequestsGetNoServerErrorAndEnqueueOnlySignedEvents() throws Exception {
        String webhook = harness.apiBaseUrl() + "/webhooks/twitter";
        String replies = harness.apiBaseUrl() + "/api/v1/replies";
        Random random = new Random(SEED);
        List<String> validEvents = new ArrayList<>();
        Set<String> validIds = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            long id = 1_100_000_000_000_100_000L + i;
            validEvents.add(dmEvent(42, id, 9000 + i, "fuzzed" + i, "valid event " + i));
            validIds.add("dm:" + id);
        }
        List<Request> requests = new ArrayList<>(REQUESTS);
        for (int i = 0; i < REQUESTS; i++) {
            requests.add(i % 5 < 3 ? webhookRequest(random, webhook, validEvents) : replyRequest(random, replies));
        }
        System.gc();
        long heapBefore = usedHeap();

        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> serverErrors = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> unsignedAccepted = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Request r : requests) {
                done.add(pool.submit(() -> {
                    int status = send(r);
                    statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                    if (status >= 500 || status < 0) {
                        serverErrors.add(status + " for " + r.kind());
                    }
                    if (!r.correctlySigned() && r.webhook() && status == 200 && r.method().equals("POST")) {
                        unsignedAccepted.add(r.kind());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        List<Received> queued = harness.jms().drain("twitter.inbound", Duration.ofSeconds(3));
        System.gc();
        long heapGrowth = usedHeap() - heapBefore;
        List<String> ids = queued.stream().map(q -> EnvelopeSchemaCheck.parse(q.body()).path("id").asText()).toList();
        System.out.printf("RELIABILITY fuzz: requests=%d statuses=%s serverErrors=%d unsignedAccepted=%d "
                + "enqueued=%d heapGrowthMB=%d%n", REQUESTS, new java.util.TreeMap<>(statuses), serverErrors.size(),
                unsignedAccepted.size(), ids.size(), heapGrowth / (1024 * 1024));
        assertThat(serverErrors).as("5xx answers").isEmpty();
        assertThat(unsignedAccepted).as("unsigned requests accepted").isEmpty();
        assertThat(ids).doesNotHaveDuplicates().allSatisfy(id -> assertThat(validIds).contains(id));
        assertThat(harness.sandbox.sentDirectMessages()).isEmpty();
        assertThat(heapGrowth).isLessThan(128L * 1024 * 1024);
        // still answering a legitimate call
        assertThat(send(new Request("POST", webhook, sign(validEvents.get(0)), "sha256=" + hmac(SECRET,
                validEvents.get(0).getBytes(StandardCharsets.UTF_8)), null, true, true, "valid"))).isEqualTo(200);
    }

    /**
     * The X Activity API's hostile input, through the real webhook (signed by the sandbox as X signs it) and the real
     * stream: refused bodies get a 4xx, readable ones with nothing usable a 200, never a 5xx; the stream skips bad
     * lines and goes on; every valid DM among them (ids as strings or as JSON numbers, negative event_uuid, users in
     * the {"data": user} and the flat shape, beside an unreadable DM in the same body) reaches the queue exactly once.
     */
    @Test
    void xActivityApiHostileEventsGetNoServerErrorAndEveryValidEventArrivesOnce() throws Exception {
        harness.stopConnector();
        harness.sandbox.setActivityKeepAliveInterval(Duration.ofMillis(200));
        Map<String, String> p = harness.properties;
        p.put("twitter.account.acme_support.ingestion", "xaa-stream");
        p.put("twitter.account.acme_sales.ingestion", "xaa-webhook");
        p.put("twitter.api.app-token-url", harness.sandbox.appTokenUrl());
        p.put("xaa.webhook.url", harness.apiBaseUrl() + "/webhooks/twitter");
        harness.start();
        awaitActivityApiReady();
        long base = 1_200_000_000_000_000_000L;

        Map<String, Integer> statuses = new java.util.LinkedHashMap<>();
        statuses.put("no data", pushActivity("{\"event_type\":\"dm.received\",\"filter\":{\"user_id\":\"43\"},"
                + "\"payload\":" + dmPayload(dmCreate(43, "\"" + (base + 90) + "\"", "\"7090\"", "lost")) + "}"));
        statuses.put("data not an object", pushActivity("{\"data\":[\"dm.received\"]}"));
        statuses.put("unknown event_type", pushActivity(xaa("\"11\"", "like.create", "\"43\"", "{\"liked\":\"1\"}")));
        statuses.put("not a configured account", pushActivity(xaa("\"12\"", "dm.received", "\"999\"",
                dmPayload(dmCreate(999, "\"" + (base + 91) + "\"", "\"7091\"", "not ours")))));
        statuses.put("no direct_message_events", pushActivity(xaa("\"13\"", "dm.received", "\"43\"",
                "{\"users\":{}}")));
        // ids as strings, a negative event_uuid, the sender in users as {"data": v2 user}
        String idsAsStrings = xaa("\"-5\"", "dm.received", "\"43\"", dmPayload(dmCreate(43,
                "\"" + (base + 1) + "\"", "\"7001\"", "ids as strings"), usersOf("7001", "{\"data\":{\"id\":\"7001\","
                + "\"username\":\"data_shape\",\"name\":\"Data Shape\"}}")));
        statuses.put("ids as strings", pushActivity(idsAsStrings));
        // ids as JSON numbers, a negative numeric event_uuid, the sender in users as a flat v2 user
        statuses.put("ids as numbers", pushActivity(xaa("-6", "dm.received", "43", dmPayload(dmCreate(43,
                Long.toString(base + 2), "7002", "ids as numbers"), usersOf("7002", "{\"id\":7002,"
                + "\"username\":\"flat_shape\",\"name\":\"Flat Shape\"}")))));
        // a DM without text beside a valid one (flat Account Activity user): the valid one is kept
        statuses.put("dm without text", pushActivity(xaa("\"14\"", "dm.received", "\"43\"",
                dmPayload(dmCreate(43, "\"" + (base + 92) + "\"", "\"7003\"", null) + ","
                        + dmCreate(43, "\"" + (base + 3) + "\"", "\"7003\"", "beside one without text"),
                        usersOf("7003", "{\"id\":\"7003\",\"screen_name\":\"aaa_shape\",\"name\":\"AAA Shape\"}")))));
        statuses.put("the same event again", pushActivity(idsAsStrings));

        assertThat(statuses).as("webhook answers").containsExactly(
                Map.entry("no data", 400), Map.entry("data not an object", 400),
                Map.entry("unknown event_type", 200), Map.entry("not a configured account", 404),
                Map.entry("no direct_message_events", 200), Map.entry("ids as strings", 200),
                Map.entry("ids as numbers", 200), Map.entry("dm without text", 200),
                Map.entry("the same event again", 200));

        // the stream: X's error line, an envelope without data, unusable events, then a valid one
        harness.sandbox.emitRawActivityLine("{\"errors\":[{\"title\":\"ConnectionException\","
                + "\"detail\":\"This stream had a hiccup\"}]}");
        harness.sandbox.emitRawActivityLine("{\"event_type\":\"dm.received\",\"filter\":{\"user_id\":\"42\"}}");
        harness.sandbox.emitRawActivityLine("{\"data\":{\"event_type\":\"dm.received\",\"filter\":{\"user_id\":"
                + "\"42\"},\"payload\":\"not an object\"}}");
        harness.sandbox.emitRawActivityLine(xaa("\"15\"", "dm.received", "\"42\"", dmPayload(dmCreate(42,
                "\"" + (base + 93) + "\"", "\"7004\"", null))));
        harness.sandbox.emitRawActivityLine(xaa("-16", "dm.received", "42", dmPayload(dmCreate(42,
                Long.toString(base + 4), "7004", "streamed after the garbage"), usersOf("7004",
                "{\"data\":{\"id\":\"7004\",\"username\":\"stream_shape\",\"name\":\"Stream Shape\"}}"))));
        // and the sandbox's own events on both paths after all of it
        String salesDm = "dm:" + harness.sandbox.injectDirectMessage("xaa_after", "acme_sales", "after (webhook)",
                null).id();
        String supportDm = "dm:" + harness.sandbox.injectDirectMessage("xaa_after", "acme_support", "after (stream)",
                null).id();

        List<Received> queued = harness.jms().receive("twitter.inbound", 6, Duration.ofSeconds(20));
        queued.addAll(harness.jms().drain("twitter.inbound", Duration.ofSeconds(2)));

        Map<String, String> customers = new java.util.HashMap<>();
        for (Received r : queued) {
            var envelope = EnvelopeSchemaCheck.parse(r.body());
            customers.put(envelope.path("id").asText(), envelope.path("customer").path("screenName").asText());
        }
        assertThat(queued).as("one envelope per valid event").hasSize(6);
        assertThat(customers).containsOnly(Map.entry("dm:" + (base + 1), "data_shape"),
                Map.entry("dm:" + (base + 2), "flat_shape"), Map.entry("dm:" + (base + 3), "aaa_shape"),
                Map.entry("dm:" + (base + 4), "stream_shape"), Map.entry(salesDm, "xaa_after"),
                Map.entry(supportDm, "xaa_after"));
        String metrics = new ManagementCalls(harness.managementBaseUrl()).metrics();
        assertThat(ManagementCalls.value(metrics, "twitter_helpdesk_activity_events_ignored_total",
                "source=\"webhook\"", "type=\"like.create\"")).isEqualTo(1);
        assertThat(ManagementCalls.value(metrics, "twitter_helpdesk_activity_events_ignored_total",
                "source=\"webhook\"", "type=\"dm.received\"")).as("no DM events, a DM without text")
                .isGreaterThanOrEqualTo(2);
        assertThat(ManagementCalls.value(metrics, "twitter_helpdesk_activity_events_ignored_total",
                "source=\"stream\"", "type=\"dm.received\"")).as("a DM without text").isGreaterThanOrEqualTo(1);
        assertThat(harness.sandbox.openActivityStreams()).as("the stream stays open").isEqualTo(1);
    }

    private void awaitActivityApiReady() throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!(harness.sandbox.openActivityStreams() == 1 && harness.sandbox.activitySubscriptions().size() >= 9
                && harness.sandbox.activityWebhooks().stream().anyMatch(w -> w.valid()))) {
            if (System.nanoTime() > until) {
                throw new AssertionError("the X Activity API stream, subscriptions and webhook not ready in 20 s");
            }
            Thread.sleep(50);
        }
    }

    private int pushActivity(String json) {
        return harness.sandbox.pushRawActivity(json);
    }

    /** An X Activity envelope; {@code eventUuid}, {@code userId} and {@code payload} are raw JSON values. */
    private static String xaa(String eventUuid, String eventType, String userId, String payload) {
        return "{\"data\":{\"event_uuid\":" + eventUuid + ",\"filter\":{\"user_id\":" + userId + "},"
                + "\"event_type\":\"" + eventType + "\",\"tag\":\"twitter-helpdesk:hostile\",\"payload\":"
                + payload + "}}";
    }

    private static String dmPayload(String events) {
        return dmPayload(events, "{}");
    }

    private static String dmPayload(String events, String users) {
        return "{\"direct_message_events\":[" + events + "],\"users\":" + users + "}";
    }

    private static String usersOf(String id, String user) {
        return "{\"" + id + "\":" + user + "}";
    }

    /** A {@code message_create} DM event to {@code recipient}; ids as raw JSON values; no text when null. */
    private static String dmCreate(long recipient, String id, String senderId, String text) {
        String data = text == null ? "{\"entities\":{}}" : "{\"text\":\"" + text + "\",\"entities\":"
                + "{\"hashtags\":[],\"symbols\":[],\"user_mentions\":[],\"urls\":[]}}";
        return "{\"type\":\"message_create\",\"id\":" + id + ",\"created_timestamp\":\""
                + Instant.now().toEpochMilli() + "\",\"message_create\":{\"target\":{\"recipient_id\":\""
                + recipient + "\"},\"sender_id\":" + senderId + ",\"message_data\":" + data + "}}";
    }

    private record Request(String method, String url, byte[] body, String signature, String apiKey,
            boolean correctlySigned, boolean webhook, String kind) {
    }

    private static byte[] sign(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Request webhookRequest(Random random, String url, List<String> validEvents) {
        int kind = random.nextInt(10);
        byte[] body = switch (kind) {
            case 0 -> randomBytes(random, random.nextInt(2000));
            case 1 -> invalidUtf8(random);
            case 2 -> deepNesting(random);
            case 3 -> ("{\"for_user_id\":\"42\",\"x\":\"" + "x".repeat(random.nextInt(900_000)) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            case 4 -> wrongTypes(random).getBytes(StandardCharsets.UTF_8);
            case 5, 6 -> validEvents.get(random.nextInt(validEvents.size())).getBytes(StandardCharsets.UTF_8);
            default -> mangledEvent(random, validEvents.get(random.nextInt(validEvents.size())))
                    .getBytes(StandardCharsets.UTF_8);
        };
        if (random.nextInt(8) == 0) {
            return new Request("GET", url + "?crc_token=" + java.net.URLEncoder.encode(
                    new String(randomBytes(random, random.nextInt(300)), StandardCharsets.ISO_8859_1),
                    StandardCharsets.UTF_8), null, null, null, true, true, "crc");
        }
        int signing = random.nextInt(4);
        String signature = switch (signing) {
            case 0 -> null;
            case 1 -> "sha256=" + Base64.getEncoder().encodeToString(randomBytes(random, 32));
            case 2 -> "sha256=" + hmac("not-the-secret", body);
            default -> "sha256=" + hmac(SECRET, body);
        };
        return new Request("POST", url, body, signature, null, signing == 3, true, "webhook-" + kind + "-" + signing);
    }

    private Request replyRequest(Random random, String url) {
        int kind = random.nextInt(7);
        String conversation = "twitter:dm:42:" + random.nextInt(1_000_000);
        byte[] body = switch (kind) {
            case 0 -> randomBytes(random, random.nextInt(3000));
            case 1 -> invalidUtf8(random);
            case 2 -> deepNesting(random);
            case 3 -> ("{\"replyId\":\"r" + random.nextInt() + "\",\"conversationKey\":\"" + conversation
                    + "\",\"text\":\"" + "y".repeat(random.nextInt(200_000)) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 4 -> ("{\"replyId\":" + random.nextInt() + ",\"conversationKey\":[1,2],\"text\":{\"a\":1},"
                    + "\"mode\":" + random.nextBoolean() + ",\"accountId\":\"abc\"}").getBytes(StandardCharsets.UTF_8);
            case 5 -> ("{\"replyId\":\"r-" + random.nextInt(1000) + "\",\"conversationKey\":\"" + conversation
                    + "\",\"text\":\"hello\"}").getBytes(StandardCharsets.UTF_8);
            default -> ("{\"replyId\":\"" + "\\u0000\\ud800".repeat(random.nextInt(5)) + "\",\"conversationKey\":\""
                    + "twitter:thread:" + random.nextLong() + "\",\"text\":\"\\u202e\"}").getBytes(StandardCharsets.UTF_8);
        };
        int auth = random.nextInt(4);
        String key = switch (auth) {
            case 0 -> null;
            case 1 -> "wrong-" + random.nextInt();
            default -> API_KEY;
        };
        return new Request("POST", url, body, null, key, true, false, "reply-" + kind + "-" + auth);
    }

    private int send(Request r) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(r.url())).timeout(Duration.ofSeconds(30));
            if (r.method().equals("GET")) {
                b.GET();
            } else {
                b.POST(HttpRequest.BodyPublishers.ofByteArray(r.body())).header("Content-Type", "application/json");
            }
            if (r.signature() != null) {
                b.header("x-twitter-webhooks-signature", r.signature());
            }
            if (r.apiKey() != null) {
                b.header("X-API-Key", r.apiKey());
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            // a server that closes the connection on an oversized body is not an error of the server
            return r.body() != null && r.body().length > 1_000_000 ? 413 : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] invalidUtf8(Random random) {
        String prefix = "{\"for_user_id\":\"42\",\"replyId\":\"";
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[p.length + 8];
        System.arraycopy(p, 0, out, 0, p.length);
        byte[][] bad = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF}};
        byte[] chosen = bad[random.nextInt(bad.length)];
        System.arraycopy(chosen, 0, out, p.length, chosen.length);
        out[out.length - 1] = '}';
        return out;
    }

    private static byte[] deepNesting(Random random) {
        int depth = 500 + random.nextInt(20_000);
        boolean arrays = random.nextBoolean();
        StringBuilder s = new StringBuilder(depth * 6);
        for (int i = 0; i < depth; i++) {
            s.append(arrays ? "[" : "{\"a\":");
        }
        s.append("1");
        for (int i = 0; i < depth; i++) {
            s.append(arrays ? "]" : "}");
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String wrongTypes(Random random) {
        String[] values = {"null", "true", "1e309", "-1", "\"\"", "[]", "{}", "\"42\"", "42", "[\"42\"]",
                "9999999999999999999999999"};
        return "{\"for_user_id\":" + values[random.nextInt(values.length)] + ",\"direct_message_events\":"
                + values[random.nextInt(values.length)] + ",\"tweet_create_events\":"
                + values[random.nextInt(values.length)] + ",\"users\":" + values[random.nextInt(values.length)] + "}";
    }

    /** A valid event with one value replaced by something of another type or shape. */
    private static String mangledEvent(Random random, String valid) {
        String[] targets = {"\"message_create\"", "\"sender_id\"", "\"recipient_id\"", "\"text\"", "\"id\"",
                "\"created_timestamp\"", "\"users\"", "\"screen_name\""};
        String[] replacements = {"null", "[]", "{}", "-1", "\"\"", "\"\\ud800\"", "1.5", "\"" + "z".repeat(5000)
                + "\""};
        String target = targets[random.nextInt(targets.length)];
        int at = valid.indexOf(target + ":");
        if (at < 0) {
            return valid;
        }
        int valueStart = at + target.length() + 1;
        int valueEnd = valueStart;
        int depth = 0;
        boolean inString = false;
        for (; valueEnd < valid.length(); valueEnd++) {
            char c = valid.charAt(valueEnd);
            if (c == '"' && valid.charAt(valueEnd - 1) != '\\') {
                inString = !inString;
            } else if (!inString && (c == '{' || c == '[')) {
                depth++;
            } else if (!inString && (c == '}' || c == ']')) {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (!inString && c == ',' && depth == 0) {
                break;
            }
        }
        return valid.substring(0, valueStart) + replacements[random.nextInt(replacements.length)]
                + valid.substring(valueEnd);
    }

    private static String dmEvent(long accountId, long dmId, long senderId, String screenName, String text) {
        return ("{\"for_user_id\":\"%d\",\"direct_message_events\":[{\"type\":\"message_create\",\"id\":\"%d\","
                + "\"created_timestamp\":\"%d\",\"message_create\":{\"target\":{\"recipient_id\":\"%d\"},"
                + "\"sender_id\":\"%d\",\"message_data\":{\"text\":\"%s\",\"entities\":{\"hashtags\":[],"
                + "\"symbols\":[],\"user_mentions\":[],\"urls\":[]}}}}],\"users\":{\"%d\":{\"id\":\"%d\","
                + "\"name\":\"%s\",\"screen_name\":\"%s\"}}}").formatted(accountId, dmId,
                Instant.now().toEpochMilli(), accountId, senderId, text, senderId, senderId, screenName, screenName);
    }

    private static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
