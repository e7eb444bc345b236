package io.twitterhelpdesk.sandbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The Account Activity webhook: registration with a CRC check, and signed, asynchronous POSTs of events with
 * Twitter's 3 s timeout and retries of non-200 answers. Keeps a bounded log of delivery attempts. After an optional
 * retirement cutoff (the AAA end of life) nothing is delivered and registration is refused.
 */
final class WebhookDispatcher {

    private static final int LOG_LIMIT = 1000;

    private final Clock clock;
    private final WebhookTransport transport;
    private final RetryingDeliveries deliveries = new RetryingDeliveries("twitter-sandbox-webhook-",
            List.of(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(180)));
    private final Deque<WebhookDelivery> log = new ArrayDeque<>();
    private Registration registration;
    private Instant retiredAfter;

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

    WebhookDispatcher(Clock clock, WebhookTransport transport) {
        this.clock = clock;
        this.transport = transport;
    }

    /** Runs the CRC check against {@code url}, then registers it; throws IllegalStateException if the check fails. */
    void register(String url, String consumerSecret) {
        URI uri = WebhookTransport.absoluteHttpUri(url);
        if (uri == null) {
            throw new IllegalArgumentException("webhook url must be an absolute http(s) URL without fragment: " + url);
        }
        if (consumerSecret == null || consumerSecret.isEmpty()) {
            throw new IllegalArgumentException("a consumer secret is required to sign webhook requests");
        }
        requireNoRegistration();
        String failure = transport.crcFailure(uri, consumerSecret);
        if (failure != null) {
            throw new IllegalStateException("webhook " + url + " refused: CRC check failed: " + failure);
        }
        synchronized (this) {
            requireNoRegistration();
            registration = new Registration(uri, consumerSecret, clock.instant());
        }
    }

    private synchronized void requireNoRegistration() {
        if (retired()) {
            throw new IllegalStateException("the Account Activity API is retired since " + retiredAfter
                    + ": webhook registration is refused (use the X Activity API)");
        }
        if (registration != null) {
            throw new IllegalStateException("a webhook is already registered (" + registration.uri
                    + "); unregister it first");
        }
    }

    /** From {@code cutoff} on nothing is delivered and registration is refused; null lifts it. */
    synchronized void retireAfter(Instant cutoff) {
        retiredAfter = cutoff;
    }

    private synchronized boolean retired() {
        return retiredAfter != null && !clock.instant().isBefore(retiredAfter);
    }

    /** Forgets the webhook and drops pending deliveries and retries. */
    synchronized void unregister() {
        registration = null;
        deliveries.cancelAll();
    }

    synchronized Optional<WebhookRegistration> registration() {
        return Optional.ofNullable(registration)
                .map(r -> new WebhookRegistration(r.uri.toString(), r.valid, r.registeredAt));
    }

    /** Re-runs the CRC check; a failure marks the webhook invalid (no deliveries), a pass makes it valid again. */
    boolean recheck() {
        Registration current = requireRegistration();
        boolean passed = transport.crcFailure(current.uri, current.secret) == null;
        current.valid = passed;
        return passed;
    }

    void setRetryDelays(Duration... delays) {
        deliveries.setRetryDelays(delays);
    }

    /** Queues an event for the registered, valid webhook; does nothing without one or once retired. */
    synchronized void deliver(String eventType, long forUserId, String body) {
        if (!active()) {
            return;
        }
        Registration target = registration;
        deliveries.submit(new RetryingDeliveries.Delivery() {
            @Override
            public boolean wanted() {
                return isCurrent(target) && !retired();
            }

            @Override
            public int attempt() {
                return transport.post(target.uri, target.secret, body.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void attempted(int attempt, int status) {
                record(new WebhookDelivery(eventType, forUserId, attempt, status, body));
            }
        });
    }

    synchronized boolean active() {
        return registration != null && registration.valid && !retired();
    }

    private synchronized boolean isCurrent(Registration r) {
        return r == registration;
    }

    private synchronized void record(WebhookDelivery delivery) {
        log.addLast(delivery);
        if (log.size() > LOG_LIMIT) {
            log.removeFirst();
        }
    }

    /** Waits until no delivery or retry is pending; returns false if still busy after {@code timeout}. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        return deliveries.awaitIdle(timeout);
    }

    synchronized List<WebhookDelivery> deliveries() {
        return List.copyOf(log);
    }

    int pending() {
        return deliveries.pending();
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
        int status = transport.post(current.uri, current.secret, body);
        if (status < 0) {
            throw new IllegalStateException("webhook " + current.uri + " gave no HTTP answer within "
                    + WebhookTransport.TIMEOUT.toSeconds() + " s (or refused the connection)");
        }
        return status;
    }

    private synchronized Registration requireRegistration() {
        if (registration == null) {
            throw new IllegalStateException("no webhook registered");
        }
        return registration;
    }
}
