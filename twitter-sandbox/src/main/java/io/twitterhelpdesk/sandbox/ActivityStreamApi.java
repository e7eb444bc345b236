package io.twitterhelpdesk.sandbox;

import com.sun.net.httpserver.HttpExchange;

import java.time.Instant;
import java.util.Optional;

/**
 * {@code GET /2/activity/stream?backfill_minutes=0..5&start_time=&end_time=}: checks the parameters, then hands the
 * exchange to a stream connection with its own writer thread. The backfill covers the logged events of the app from
 * the earlier of {@code now - backfill_minutes} and {@code start_time}; {@code end_time} ends the stream.
 */
final class ActivityStreamApi {

    private final SandboxStore store;
    private final XActivity activity;
    private final ActivityStreams streams;

    ActivityStreamApi(SandboxStore store, XActivity activity, ActivityStreams streams) {
        this.store = store;
        this.activity = activity;
        this.streams = streams;
    }

    /** Opens the stream (the answer is written by its thread); a {@link V2Problem} before anything is sent. */
    void open(V2Caller caller, HttpExchange exchange) {
        V2Query query = V2Query.parse(exchange.getRequestURI().getRawQuery(),
                V2Query.names("backfill_minutes", "start_time", "end_time"));
        int backfillMinutes = query.intValue("backfill_minutes", 0, 0, 5);
        Optional<Instant> start = query.time("start_time");
        Optional<Instant> end = query.time("end_time");
        if (start.isPresent() && end.isPresent() && end.get().isBefore(start.get())) {
            throw V2Problem.invalidParameter("end_time", end.get().toString(), "The `end_time` query parameter"
                    + " value [" + end.get() + "] must be later than the `start_time` query parameter value ["
                    + start.get() + "]");
        }
        Instant backfillFrom = backfillMinutes == 0 ? null : store.now().minusSeconds(60L * backfillMinutes);
        if (start.isPresent() && (backfillFrom == null || start.get().isBefore(backfillFrom))) {
            backfillFrom = start.get();
        }
        ActivityStreamConnection connection = activity.openStream(caller.consumerKey(), exchange, backfillFrom,
                end.orElse(null));
        streams.start(connection);
    }
}
