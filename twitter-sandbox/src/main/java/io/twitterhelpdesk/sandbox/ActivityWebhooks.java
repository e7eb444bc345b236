package io.twitterhelpdesk.sandbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The V2 webhooks of the X Activity API ({@code /2/webhooks}): registration after a CRC check, signed and retried
 * deliveries of events, and replay jobs. Each webhook belongs to an app and is signed with its consumer secret.
 *
 * <p>URL rules are X's (at most 200 characters, {@code https}, no port) with one relaxation for loopback testing:
 * {@code http} and a port are accepted when the host is {@code 127.0.0.1}, {@code localhost} or {@code [::1]}.
 */
final class ActivityWebhooks {

    /** Webhooks per app before {@code WebhookLimitExceeded}. */
    static final int LIMIT_PER_APP = 5;
    static final int MAX_URL_LENGTH = 200;
    private static final int LOG_LIMIT = 1000;
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    private final Clock clock;
    private final SandboxStore store;
    private final WebhookTransport transport;
    private final LongSupplier ids;
    private final UsageCharges usage;
    private final RetryingDeliveries deliveries = new RetryingDeliveries("twitter-sandbox-activity-webhook-",
            List.of(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(180)));
    private final Map<String, Webhook> webhooks = new LinkedHashMap<>();
    private final Deque<ActivityWebhookDelivery> log = new ArrayDeque<>();
    private final Map<String, ReplayJob> jobs = new LinkedHashMap<>();

    /** A registered webhook; {@code valid} changes with CRC checks. */
    private static final class Webhook {
        final String id;
        final String consumerKey;
        final URI uri;
        final Instant createdAt;
        volatile boolean valid = true;

        Webhook(String id, String consumerKey, URI uri, Instant createdAt) {
            this.id = id;
            this.consumerKey = consumerKey;
            this.uri = uri;
            this.createdAt = createdAt;
        }
    }

    ActivityWebhooks(Clock clock, SandboxStore store, WebhookTransport transport, LongSupplier ids,
                     UsageCharges usage) {
        this.clock = clock;
        this.usage = usage;
        this.store = store;
        this.transport = transport;
        this.ids = ids;
    }

    /** Checks the URL, runs the CRC check and registers the webhook; X's failure reasons as 400 problems. */
    ActivityWebhook create(String consumerKey, String url) {
        URI uri = acceptableUri(url);
        if (uri == null) {
            throw V2Problem.invalidParameter("url", String.valueOf(url), "UrlValidationFailed");
        }
        requireRoomFor(consumerKey, uri);
        if (transport.crcFailure(uri, secret(consumerKey)) != null) {
            throw V2Problem.invalidParameter("url", url, "CrcValidationFailed");
        }
        Webhook webhook = new Webhook(Long.toString(ids.getAsLong()), consumerKey, uri, clock.instant());
        synchronized (this) {
            requireRoomFor(consumerKey, uri);
            webhooks.put(webhook.id, webhook);
        }
        return view(webhook);
    }

    /** {@code DuplicateUrlFailed} / {@code WebhookLimitExceeded} unless the app may register the URL. */
    private synchronized void requireRoomFor(String consumerKey, URI uri) {
        List<Webhook> own = webhooks.values().stream().filter(w -> w.consumerKey.equals(consumerKey)).toList();
        if (own.stream().anyMatch(w -> w.uri.toString().equals(uri.toString()))) {
            throw V2Problem.invalidParameter("url", uri.toString(), "DuplicateUrlFailed");
        }
        if (own.size() >= LIMIT_PER_APP) {
            throw V2Problem.invalidParameter("url", uri.toString(), "WebhookLimitExceeded");
        }
    }

    /** Re-runs the CRC check of the app's webhook: its new validity, empty when the app has no such webhook. */
    Optional<Boolean> validate(String consumerKey, String webhookId) {
        Optional<Webhook> webhook = find(consumerKey, webhookId);
        webhook.ifPresent(w -> w.valid = transport.crcFailure(w.uri, secret(consumerKey)) == null);
        return webhook.map(w -> w.valid);
    }

    synchronized boolean delete(String consumerKey, String webhookId) {
        return find(consumerKey, webhookId).map(w -> webhooks.remove(w.id) != null).orElse(false);
    }

    synchronized boolean exists(String consumerKey, String webhookId) {
        return find(consumerKey, webhookId).isPresent();
    }

    synchronized List<ActivityWebhook> ofApp(String consumerKey) {
        return webhooks.values().stream().filter(w -> w.consumerKey.equals(consumerKey)).map(this::view).toList();
    }

    synchronized List<ActivityWebhook> all() {
        return webhooks.values().stream().map(this::view).toList();
    }

    /** Queues the event for its webhook when that is registered and valid. */
    void deliver(LoggedActivity activity) {
        String webhookId = activity.event().webhookId();
        Optional<Webhook> webhook = webhookId == null ? Optional.empty() : find(activity.consumerKey(), webhookId);
        webhook.filter(w -> w.valid).ifPresent(w -> submit(w, activity, false, null));
    }

    /**
     * Starts a replay job: the given events are POSTed again, then a {@code replay_job_status} message says whether
     * all were answered 200.
     */
    ReplayJob replay(String consumerKey, String webhookId, Instant from, Instant to, List<LoggedActivity> events) {
        Webhook webhook = find(consumerKey, webhookId).orElseThrow(() ->
                V2Problem.invalidParameter("webhook_id", webhookId, "WebhookIdInvalid"));
        ReplayJob job;
        synchronized (this) {
            if (jobs.values().stream().anyMatch(j -> j.webhookId().equals(webhookId)
                    && j.state().equals("InProgress"))) {
                throw V2Problem.invalidParameter("webhook_id", webhookId, "ReplayConflictError");
            }
            job = new ReplayJob(Long.toString(ids.getAsLong()), webhookId, from, to, events.size(), "InProgress",
                    clock.instant());
            jobs.put(job.jobId(), job);
        }
        ReplayProgress progress = new ReplayProgress(webhook, job, events.size());
        if (events.isEmpty()) {
            progress.complete();
        }
        events.forEach(e -> submit(webhook, e, true, progress));
        return job;
    }

    /** Counts the replayed events answered; when all are, marks the job and POSTs its status message. */
    private final class ReplayProgress {
        private final Webhook webhook;
        private final ReplayJob job;
        private final AtomicInteger left;
        private volatile boolean allDelivered = true;

        ReplayProgress(Webhook webhook, ReplayJob job, int events) {
            this.webhook = webhook;
            this.job = job;
            this.left = new AtomicInteger(events);
        }

        void finished(boolean delivered) {
            if (!delivered) {
                allDelivered = false;
            }
            if (left.decrementAndGet() == 0) {
                complete();
            }
        }

        void complete() {
            String state = allDelivered ? "Complete" : "Incomplete";
            synchronized (ActivityWebhooks.this) {
                jobs.computeIfPresent(job.jobId(), (id, j) -> j.withState(state));
            }
            String status = TwitterJson.write(TwitterJson.MAPPER.createObjectNode()
                    .set("replay_job_status", TwitterJson.MAPPER.createObjectNode().put("webhook_id", webhook.id)
                            .put("job_state", state).put("job_state_description", allDelivered
                                    ? "Job completed successfully"
                                    : "Job failed to deliver all events, please retry your replay job")
                            .put("job_id", job.jobId())));
            submit(webhook, new LoggedActivity(null, webhook.consumerKey, status, null), true, null);
        }
    }

    private void submit(Webhook webhook, LoggedActivity activity, boolean replay, ReplayProgress progress) {
        byte[] body = activity.json().getBytes(StandardCharsets.UTF_8);
        String secret = secret(webhook.consumerKey);
        deliveries.submit(new RetryingDeliveries.Delivery() {
            @Override
            public boolean wanted() {
                return isRegistered(webhook) && webhook.valid;
            }

            @Override
            public int attempt() {
                return transport.post(webhook.uri, secret, body);
            }

            @Override
            public void attempted(int attempt, int status) {
                ActivityEvent event = activity.event();
                record(new ActivityWebhookDelivery(webhook.id, event == null ? null : event.eventUuid(),
                        event == null ? "replay_job_status" : event.eventType(), attempt, status, replay,
                        activity.json()));
                if (status == 200) {
                    usage.activityDelivered(activity);
                }
            }

            @Override
            public void finished(boolean delivered) {
                if (progress != null) {
                    progress.finished(delivered);
                }
            }
        });
    }

    /** POSTs a raw body, signed, to the first registered webhook now; its HTTP status. */
    int postRawToFirst(String json) {
        Webhook first;
        synchronized (this) {
            first = webhooks.values().stream().findFirst()
                    .orElseThrow(() -> new IllegalStateException("no V2 webhook registered"));
        }
        int status = transport.post(first.uri, secret(first.consumerKey), json.getBytes(StandardCharsets.UTF_8));
        if (status < 0) {
            throw new IllegalStateException("webhook " + first.uri + " gave no HTTP answer within "
                    + WebhookTransport.TIMEOUT.toSeconds() + " s (or refused the connection)");
        }
        return status;
    }

    void setRetryDelays(Duration... delays) {
        deliveries.setRetryDelays(delays);
    }

    boolean awaitIdle(Duration timeout) throws InterruptedException {
        return deliveries.awaitIdle(timeout);
    }

    int pending() {
        return deliveries.pending();
    }

    synchronized List<ActivityWebhookDelivery> deliveries() {
        return List.copyOf(log);
    }

    synchronized List<ReplayJob> jobs() {
        return new ArrayList<>(jobs.values());
    }

    /** Forgets deliveries (pending ones are dropped) and replay jobs; webhooks stay registered. */
    synchronized void clear() {
        deliveries.cancelAll();
        log.clear();
        jobs.clear();
    }

    /** Drops pending deliveries (sandbox stop). */
    void cancelPending() {
        deliveries.cancelAll();
    }

    private synchronized void record(ActivityWebhookDelivery delivery) {
        log.addLast(delivery);
        if (log.size() > LOG_LIMIT) {
            log.removeFirst();
        }
    }

    private synchronized boolean isRegistered(Webhook webhook) {
        return webhooks.get(webhook.id) == webhook;
    }

    private synchronized Optional<Webhook> find(String consumerKey, String webhookId) {
        return Optional.ofNullable(webhookId).map(webhooks::get).filter(w -> w.consumerKey.equals(consumerKey));
    }

    private ActivityWebhook view(Webhook webhook) {
        return new ActivityWebhook(webhook.id, store.appId(webhook.consumerKey), webhook.uri.toString(),
                webhook.valid, webhook.createdAt);
    }

    private String secret(String consumerKey) {
        return store.consumerSecret(consumerKey).orElseThrow(() -> new IllegalStateException("unknown app"));
    }

    /** X's rules (https, no port, at most 200 characters), relaxed for loopback hosts; null when not acceptable. */
    private static URI acceptableUri(String url) {
        URI uri = url == null || url.length() > MAX_URL_LENGTH ? null : WebhookTransport.absoluteHttpUri(url);
        if (uri == null) {
            return null;
        }
        boolean loopback = LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT));
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        return loopback || (https && uri.getPort() == -1) ? uri : null;
    }
}
