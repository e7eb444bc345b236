package io.twitterhelpdesk.activity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.twitterhelpdesk.metrics.ConnectorMetrics;
import io.twitterhelpdesk.xapi.XApiClient;
import io.twitterhelpdesk.xapi.XApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.twitterhelpdesk.state.ActivityPositions;

/**
 * Gap recovery of the X Activity webhook. The webhook's position moves with time while the connector runs and no
 * event was refused; after a refusal (503: broker or state store down) it stays where it was. A gap since the
 * position, found at start (the connector was down) or once deliveries go through again (longer than X's retries
 * may cover), is asked back with a replay job ({@code POST /2/webhooks/replay}, X re-delivers the window to the
 * webhook; dedup drops what arrived already). X keeps 24 hours; an older gap is replayed from there, with a WARN.
 */
public final class WebhookReplay {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookReplay.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC);
    static final Duration MAX_WINDOW = Duration.ofHours(24);

    private final XApiClient xApi;
    private final ActivityWebhook webhook;
    private final ActivityPositions positions;
    private final ConnectorMetrics metrics;
    private final Clock clock;
    private final Duration margin;
    private final AtomicBoolean refusedSinceCheckpoint = new AtomicBoolean();
    private volatile boolean gapOpen;
    /** Until the start's recovery ran, the position read there is the one the connector stopped at: left alone. */
    private volatile boolean recoveredAtStart;

    public WebhookReplay(XApiClient xApi, ActivityWebhook webhook, ActivityPositions positions,
            ConnectorMetrics metrics, Clock clock, Duration margin) {
        this.xApi = xApi;
        this.webhook = webhook;
        this.positions = positions;
        this.metrics = metrics;
        this.clock = clock;
        this.margin = margin;
    }

    /**
     * Once, after the first sync that registered the webhook: replays what was missed while the connector was down
     * (from the position it stopped at); later calls do nothing.
     */
    public synchronized void recoverAtStart() {
        if (recoveredAtStart || webhook.id().isEmpty()) {
            return;
        }
        recoveredAtStart = true;
        Optional<Instant> position = positions.position(ActivityPositions.WEBHOOK);
        if (position.isPresent()) {
            replay(position.get());
        } else {
            positions.completeNow(ActivityPositions.WEBHOOK);
        }
    }

    /** The webhook refused an event with a 5xx (X retries it, for a while): the position stops here. */
    public void refused() {
        refusedSinceCheckpoint.set(true);
    }

    /**
     * Route {@code x-activity-checkpoint}: moves the webhook's position to now if nothing was refused since the last
     * checkpoint, replaying the gap first if deliveries had failed before.
     */
    public void checkpoint() {
        if (recoveredAtStart && webhook.id().isPresent()) {
            if (refusedSinceCheckpoint.getAndSet(false)) {
                gapOpen = true;
            } else if (gapOpen) {
                positions.position(ActivityPositions.WEBHOOK).ifPresent(this::replay);
            } else {
                positions.completeNow(ActivityPositions.WEBHOOK);
            }
        }
    }

    private void replay(Instant position) {
        Instant now = clock.instant();
        Instant from = position.minus(margin);
        if (from.isBefore(now.minus(MAX_WINDOW))) {
            LOG.warn("The X Activity webhook missed events since {}: X replays 24 hours at most, so events before {} "
                    + "are not recovered", from, now.minus(MAX_WINDOW));
            from = now.minus(MAX_WINDOW).plus(Duration.ofMinutes(1));
        }
        String webhookId = webhook.id().orElseThrow();
        String body = JSON.createObjectNode().put("webhook_id", webhookId).put("from_date", MINUTE.format(from))
                .put("to_date", MINUTE.format(now)).toString();
        try {
            String job = xApi.app("POST", "webhooks/replay", Map.of(), body).json().path("data").path("job_id")
                    .asText("?");
            metrics.activityRecovery("replay");
            LOG.info("X Activity webhook: replay job {} asked for {} to {} UTC (events missed since {})", job,
                    MINUTE.format(from), MINUTE.format(now), position);
            gapOpen = false;
            positions.complete(ActivityPositions.WEBHOOK, now);
        } catch (XApiException e) {
            gapOpen = true;
            LOG.warn("X Activity webhook: the replay of the events missed since {} was refused ({}); asked again at "
                    + "the next checkpoint", position, e.getMessage());
        }
    }
}
