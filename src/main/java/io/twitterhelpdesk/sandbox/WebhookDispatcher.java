package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Account Activity webhook: registration with a CRC check, and signed, asynchronous POSTs of events with
 * Twitter's 3 s timeout and retries of non-200 answers. Keeps a bounded log of delivery attempts.
 */
final class WebhookDispatcher {

    static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final int LOG_LIMIT = 1000;
    private static final int THREADS = 2;

    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final Deque<WebhookDelivery> log = new ArrayDeque<>();
    private final Set<Delivery> inFlight = Collections.newSetFromMap(new IdentityHashMap<>());
    private List<Duration> retryDelays = List.of(Duration.ofSeconds(30), Duration.ofSeconds(60),
            Duration.ofSeconds(180));
    private Registration registration;
    private ScheduledExecutorService executor;

    private static final class Registration {
        final URI uri;
        final String secret;
        final Instant registeredAt;
        volatile boolean valid = true;

        Registration(URI uri, String secret, Instant registeredAt) {
            this.uri = uri;
            this.secret = secret;
            this.registeredAt = registeredAt;
        }
    }

    private record Delivery(Registration registration, String eventType, long forUserId, String body,
                            List<Duration> retryDelays) {
    }

    WebhookDispatcher(Clock clock) {
        this.clock = clock;
    }

    /** Runs the CRC check against {@code url}, then registers it; throws IllegalStateException if the check fails. */
    void register(String url, String consumerSecret) {
        URI uri = webhookUri(url);
        if (consumerSecret == null || consumerSecret.isEmpty()) {
            throw new IllegalArgumentException("a consumer secret is required to sign webhook requests");
        }
        requireNoRegistration();
        String failure = crcFailure(uri, consumerSecret);
        if (failure != null) {
            throw new IllegalStateException("webhook " + url + " refused: CRC check failed: " + failure);
        }
        synchronized (this) {
            requireNoRegistration();
            registration = new Registration(uri, consumerSecret, clock.instant());
        }
    }

    private synchronized void requireNoRegistration() {
        if (registration != null) {
            throw new IllegalStateException("a webhook is already registered (" + registration.uri
                    + "); unregister it first");
        }
    }

    /** Forgets the webhook and drops pending deliveries and retries. */
    synchronized void unregister() {
        registration = null;
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
        inFlight.clear();
        notifyAll();
    }

    synchronized Optional<WebhookRegistration> registration() {
        return Optional.ofNullable(registration)
                .map(r -> new WebhookRegistration(r.uri.toString(), r.valid, r.registeredAt));
    }

    /** Re-runs the CRC check; a failure marks the webhook invalid (no deliveries), a pass makes it valid again. */
    boolean recheck() {
        Registration current = requireRegistration();
        boolean passed = crcFailure(current.uri, current.secret) == null;
        current.valid = passed;
        return passed;
    }

    synchronized void setRetryDelays(Duration... delays) {
        if (delays == null || Arrays.stream(delays).anyMatch(d -> d == null || d.isNegative())) {
            throw new IllegalArgumentException("retry delays must be non-null and not negative");
        }
        retryDelays = List.of(delays);
    }

    /** Queues an event for the registered, valid webhook; does nothing without one. */
    synchronized void deliver(String eventType, long forUserId, String body) {
        if (registration == null || !registration.valid) {
            return;
        }
        Delivery delivery = new Delivery(registration, eventType, forUserId, body, retryDelays);
        inFlight.add(delivery);
        schedule(delivery, 1, Duration.ZERO);
    }

    synchronized boolean active() {
        return registration != null && registration.valid;
    }

    private synchronized void schedule(Delivery delivery, int attempt, Duration delay) {
        if (executor == null) {
            executor = new ScheduledThreadPoolExecutor(THREADS, runnable -> {
                Thread thread = new Thread(runnable, "twitter-sandbox-webhook-" + threadNumber.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
        try {
            executor.schedule(() -> attempt(delivery, attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            finish(delivery);
        }
    }

    private void attempt(Delivery delivery, int attempt) {
        if (!isCurrent(delivery.registration)) {
            finish(delivery);
            return;
        }
        int status = post(delivery.registration, delivery.body.getBytes(StandardCharsets.UTF_8));
        if (Thread.currentThread().isInterrupted()) {
            finish(delivery);
            return;
        }
        synchronized (this) {
            log.addLast(new WebhookDelivery(delivery.eventType, delivery.forUserId, attempt, status, delivery.body));
            if (log.size() > LOG_LIMIT) {
                log.removeFirst();
            }
            if (status == 200 || attempt > delivery.retryDelays.size() || !isCurrent(delivery.registration)) {
                finish(delivery);
            } else {
                schedule(delivery, attempt + 1, delivery.retryDelays.get(attempt - 1));
            }
        }
    }

    private synchronized boolean isCurrent(Registration r) {
        return r == registration && executor != null;
    }

    private synchronized void finish(Delivery delivery) {
        inFlight.remove(delivery);
        notifyAll();
    }

    /** Waits until no delivery or retry is pending; returns false if still busy after {@code timeout}. */
    synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!inFlight.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    synchronized List<WebhookDelivery> deliveries() {
        return List.copyOf(log);
    }

    synchronized int pending() {
        return inFlight.size();
    }

    synchronized void clearLog() {
        log.clear();
    }

    /** The signature header value for a body, with the registered consumer secret. */
    String sign(byte[] body) {
        return WebhookSigner.sign(requireRegistration().secret, body);
    }

    /** POSTs a signed body to the registered webhook now and returns the HTTP status. */
    int postNow(byte[] body) {
        Registration current = requireRegistration();
        int status = post(current, body);
        if (status < 0) {
            throw new IllegalStateException("webhook " + current.uri + " gave no HTTP answer within "
                    + TIMEOUT.toSeconds() + " s (or refused the connection)");
        }
        return status;
    }

    private synchronized Registration requireRegistration() {
        if (registration == null) {
            throw new IllegalStateException("no webhook registered");
        }
        return registration;
    }

    /** The status of a signed POST, or -1 without an answer within the timeout. */
    private int post(Registration target, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(target.uri).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header(WebhookSigner.SIGNATURE_HEADER, WebhookSigner.sign(target.secret, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<Void> response = send(request, HttpResponse.BodyHandlers.discarding());
        return response == null ? -1 : response.statusCode();
    }

    /** A description of what is wrong with the CRC answer of {@code uri}, or null if it is right. */
    private String crcFailure(URI uri, String secret) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        URI crcUri = URI.create(uri + (uri.getRawQuery() == null ? "?" : "&") + "crc_token=" + token);
        HttpResponse<String> response = send(HttpRequest.newBuilder(crcUri).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response == null) {
            return "no HTTP answer within " + TIMEOUT.toSeconds() + " s (or connection refused) to GET " + crcUri;
        }
        if (response.statusCode() != 200) {
            return "GET " + crcUri + " answered HTTP " + response.statusCode() + ", 200 is required";
        }
        JsonNode answer;
        try {
            answer = TwitterJson.MAPPER.readTree(response.body());
        } catch (IOException e) {
            answer = null;
        }
        JsonNode responseToken = answer == null ? null : answer.get("response_token");
        if (responseToken == null || !responseToken.isTextual()) {
            return "the answer is not JSON with a \"response_token\" string: " + abbreviate(response.body());
        }
        String expected = WebhookSigner.crcResponse(secret, token);
        if (!expected.equals(responseToken.asText())) {
            return "response_token \"" + abbreviate(responseToken.asText()) + "\" is wrong: expected \"" + expected
                    + "\" = \"sha256=\" + base64(HMAC-SHA256(key = consumer secret, message = crc_token))";
        }
        return null;
    }

    /** Sends with an overall bound of {@link #TIMEOUT}; null on timeout or connection failure. */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        CompletableFuture<HttpResponse<T>> future = http.sendAsync(request, handler);
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            future.cancel(true);
            return null;
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static URI webhookUri(String url) {
        URI uri;
        try {
            uri = url == null ? null : new URI(url);
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || uri.getFragment() != null
                || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            throw new IllegalArgumentException("webhook url must be an absolute http(s) URL without fragment: " + url);
        }
        return uri;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
