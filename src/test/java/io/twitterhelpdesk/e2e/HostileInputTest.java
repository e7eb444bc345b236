package io.twitterhelpdesk.e2e;

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

import io.twitterhelpdesk.e2e.QueueReader.Received;
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
 * and its heap stays bounded. Seeded: a failure reproduces.
 */
class HostileInputTest {

    private static final long SEED = 20261122L;
    private static final int REQUESTS = 20_000;
    private static final String SECRET = "cs-test";
    private static final String API_KEY = "fuzz-api-key";

    @TempDir
    Path dataDir;
    private ConnectorHarness harness;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

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
