package io.twitterhelpdesk.activity;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.twitterhelpdesk.metrics.ConnectorMetrics;
import io.twitterhelpdesk.xapi.XApiClient;
import io.twitterhelpdesk.xapi.XApiException;
import io.twitterhelpdesk.state.ActivityPositions;

/**
 * Opens the X Activity API stream ({@code GET /2/activity/stream}, app bearer token) for
 * {@link ActivityStreamConsumer}, asking back what the stream missed since its persisted position: up to
 * {@link #MAX_BACKFILL_MINUTES} minutes by {@code backfill_minutes} on the live connection; a longer gap (up to
 * {@link #MAX_RECOVERY} back) first by a recovery connection with {@code start_time} and {@code end_time}, which X
 * closes once it has re-sent the window. A read that waits longer than the stall timeout (X sends a keep-alive line
 * every few seconds) fails, so a stream that stalls without closing is reopened.
 */
public final class ActivityStreamConnector {

    static final int MAX_BACKFILL_MINUTES = 5;
    static final Duration MAX_RECOVERY = Duration.ofHours(24);

    /** How the stream is held open. */
    public record Settings(Duration connectTimeout, Duration stallTimeout, Duration reconnectDelay,
            Duration reconnectMaxDelay, Duration margin) {
    }

    /**
     * One open connection: the body to read, and how to close it from another thread. {@code recoveredUntil} is the
     * end of a recovery window (complete up to there once X closed it), null for the live stream.
     */
    record Connection(HttpURLConnection http, InputStream body, Instant recoveredUntil) {
        void close() {
            http.disconnect();
        }
    }

    /** X answered the connect with something other than 200. */
    static final class Refused extends IOException {
        final int status;
        final Instant retryAt;
        final String authorization;

        Refused(int status, String detail, Instant retryAt, String authorization) {
            super("X refused the activity stream (HTTP " + status + "): " + detail);
            this.status = status;
            this.retryAt = retryAt;
            this.authorization = authorization;
        }
    }

    private final XApiClient xApi;
    private final ActivityPositions positions;
    private final ConnectorMetrics metrics;
    private final Clock clock;
    private final Settings settings;

    public ActivityStreamConnector(XApiClient xApi, ActivityPositions positions, ConnectorMetrics metrics, Clock clock,
            Settings settings) {
        this.xApi = xApi;
        this.positions = positions;
        this.metrics = metrics;
        this.clock = clock;
        this.settings = settings;
    }

    Settings settings() {
        return settings;
    }

    ActivityPositions positions() {
        return positions;
    }

    ConnectorMetrics metrics() {
        return metrics;
    }

    XApiClient xApi() {
        return xApi;
    }

    /**
     * The recovery connection a gap longer than the backfill needs ({@code start_time} = position minus the margin,
     * {@code end_time} = now), or empty when backfill covers it.
     */
    Optional<Connection> openRecovery() throws IOException {
        Optional<Instant> position = positions.position(ActivityPositions.STREAM);
        Instant now = clock.instant();
        if (position.isEmpty() || gapMinutes(position.get(), now) <= MAX_BACKFILL_MINUTES) {
            return Optional.empty();
        }
        Instant from = position.get().minus(settings.margin());
        if (from.isBefore(now.minus(MAX_RECOVERY))) {
            ActivityStreamConsumer.LOG.warn("The X Activity stream was not read for {} (since {}): X keeps {} of "
                    + "events, so what came before {} cannot be recovered; a poll-ingested account or a webhook "
                    + "replay cannot bring it either once X has dropped it", Duration.between(from, now), from,
                    MAX_RECOVERY, now.minus(MAX_RECOVERY));
            from = now.minus(MAX_RECOVERY).plusSeconds(60);
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("start_time", from.truncatedTo(ChronoUnit.SECONDS).toString());
        query.put("end_time", now.truncatedTo(ChronoUnit.SECONDS).toString());
        ActivityStreamConsumer.LOG.info("X Activity stream: recovering {} to {} (not read for {})", query.get("start_time"),
                query.get("end_time"), Duration.between(position.get(), now).truncatedTo(ChronoUnit.SECONDS));
        metrics.activityRecovery("recovery");
        return Optional.of(open(query, now.truncatedTo(ChronoUnit.SECONDS)));
    }

    /** The live connection, with {@code backfill_minutes} covering the gap since the position (0 on a first start). */
    Connection openLive() throws IOException {
        Optional<Instant> position = positions.position(ActivityPositions.STREAM);
        long minutes = position.map(p -> Math.min(MAX_BACKFILL_MINUTES, gapMinutes(p, clock.instant()))).orElse(0L);
        Map<String, String> query = new LinkedHashMap<>();
        if (minutes > 0) {
            query.put("backfill_minutes", Long.toString(minutes));
            metrics.activityRecovery("backfill");
        }
        return open(query, null);
    }

    /** Whole minutes from the position (less the margin) to now, rounded up. */
    private long gapMinutes(Instant position, Instant now) {
        long seconds = Duration.between(position.minus(settings.margin()), now).toSeconds();
        return Math.max(0, (seconds + 59) / 60);
    }

    private Connection open(Map<String, String> query, Instant recoveredUntil) throws IOException {
        String authorization;
        try {
            authorization = xApi.appAuthorization();
        } catch (XApiException e) {
            throw new IOException(e.getMessage(), e);
        }
        HttpURLConnection http = (HttpURLConnection) URI.create(xApi.url("activity/stream", query)).toURL()
                .openConnection();
        http.setConnectTimeout((int) settings.connectTimeout().toMillis());
        http.setReadTimeout((int) settings.stallTimeout().toMillis());
        http.setRequestProperty("Authorization", authorization);
        http.setRequestProperty("Accept", "application/json");
        int status = http.getResponseCode();
        if (status != 200) {
            String body = read(http.getErrorStream());
            long reset = http.getHeaderFieldLong("x-rate-limit-reset", 0);
            http.disconnect();
            throw new Refused(status, body.isBlank() ? "(empty answer)" : excerpt(body),
                    reset > 0 ? Instant.ofEpochSecond(reset) : null, authorization);
        }
        return new Connection(http, http.getInputStream(), recoveredUntil);
    }

    private static String read(InputStream in) {
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String excerpt(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
