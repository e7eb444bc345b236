package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A webhook receiver on loopback for tests: answers CRC checks with HMAC-SHA256 of its own (settable) secret and
 * records the CRC tokens it was asked about, checks nothing itself but records each POST (body and signature) and
 * answers scripted statuses (200 by default). POSTs can be held back before they are recorded and answered.
 */
final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One POST received. */
    record Post(byte[] body, String signature, String contentType) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final BlockingQueue<Post> posts = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Integer> scriptedStatuses = new ConcurrentLinkedQueue<>();
    private final List<String> crcTokens = new ArrayList<>();
    private volatile String crcSecret;
    private volatile CountDownLatch holdPosts;
    private volatile Duration holdAtMost = Duration.ZERO;

    /** Answers on every path. */
    WebhookReceiver(String crcSecret) throws IOException {
        this(crcSecret, "");
    }

    /** Answers only below {@code /<path>}; other paths get the server's 404. */
    WebhookReceiver(String crcSecret, String path) throws IOException {
        this.crcSecret = crcSecret;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/" + path, this::receive);
        server.setExecutor(threads);
        server.start();
    }

    /** {@code http://127.0.0.1:PORT/<path>}. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
    }

    void answerCrcWith(String secret) {
        crcSecret = secret;
    }

    void answerNextPosts(Integer... statuses) {
        scriptedStatuses.addAll(List.of(statuses));
    }

    /**
     * Holds each POST that arrives from now on, after its body is read and before it is recorded and answered, until
     * {@code release} counts down or {@code atMost} has passed.
     */
    void holdPostsUntil(CountDownLatch release, Duration atMost) {
        holdAtMost = atMost;
        holdPosts = release;
    }

    /** The CRC tokens asked about so far, in order. */
    List<String> crcTokens() {
        synchronized (crcTokens) {
            return List.copyOf(crcTokens);
        }
    }

    /** The POSTs recorded and not yet taken by {@link #nextPost}, oldest first. */
    List<Post> posts() {
        return List.copyOf(posts);
    }

    /** The next POST within {@code wait}, or null. */
    Post nextPost(Duration wait) throws InterruptedException {
        return posts.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next POST within {@code wait}, checked to be JSON signed with {@code secret}, parsed. */
    JsonNode nextSignedPost(String secret, Duration wait) throws Exception {
        Post post = nextPost(wait);
        assertThat(post).as("a webhook POST within " + wait).isNotNull();
        assertThat(post.contentType()).isEqualTo("application/json");
        assertThat(post.signature()).isEqualTo(hmac(secret, post.body()));
        return JSON.readTree(post.body());
    }

    /** Asserts that no POST arrives within {@code wait}. */
    void assertNoPost(Duration wait) throws InterruptedException {
        Post post = nextPost(wait);
        assertThat(post).as("no webhook POST").isNull();
    }

    static String hmac(String secret, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + Base64.getEncoder().encodeToString(mac.doFinal(message));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void receive(HttpExchange exchange) throws IOException {
        if (exchange.getRequestMethod().equals("GET")) {
            String query = exchange.getRequestURI().getQuery();
            String token = query.substring(query.indexOf("crc_token=") + "crc_token=".length());
            synchronized (crcTokens) {
                crcTokens.add(token);
            }
            answer(exchange, 200, "{\"response_token\":\"" + hmac(crcSecret, token.getBytes(StandardCharsets.UTF_8))
                    + "\"}");
            return;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        CountDownLatch hold = holdPosts;
        if (hold != null) {
            try {
                hold.await(holdAtMost.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        posts.add(new Post(body, exchange.getRequestHeaders().getFirst("x-twitter-webhooks-signature"),
                exchange.getRequestHeaders().getFirst("Content-Type")));
        Integer status = scriptedStatuses.poll();
        answer(exchange, status == null ? 200 : status, "");
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
