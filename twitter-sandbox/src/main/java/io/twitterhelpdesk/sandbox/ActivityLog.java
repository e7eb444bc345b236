package io.twitterhelpdesk.sandbox;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/** The latest {@value #LIMIT} X Activity events, oldest first, for stream backfill and webhook replay. */
final class ActivityLog {

    static final int LIMIT = 10_000;

    private final Deque<LoggedActivity> events = new ArrayDeque<>();

    synchronized void add(LoggedActivity activity) {
        events.addLast(activity);
        if (events.size() > LIMIT) {
            events.removeFirst();
        }
    }

    /** Events of the app created within {@code [from, to]} (either bound null: open). */
    synchronized List<LoggedActivity> ofApp(String consumerKey, Instant from, Instant to) {
        return select(a -> a.consumerKey().equals(consumerKey) && within(a, from, to));
    }

    /** Events that went to the webhook and were created within {@code [from, to]}. */
    synchronized List<LoggedActivity> ofWebhook(String webhookId, Instant from, Instant to) {
        return select(a -> webhookId.equals(a.event().webhookId()) && within(a, from, to));
    }

    synchronized List<ActivityEvent> events() {
        return events.stream().map(LoggedActivity::event).toList();
    }

    synchronized void clear() {
        events.clear();
    }

    private List<LoggedActivity> select(Predicate<LoggedActivity> filter) {
        return events.stream().filter(filter).toList();
    }

    private static boolean within(LoggedActivity activity, Instant from, Instant to) {
        Instant at = activity.event().createdAt();
        return (from == null || !at.isBefore(from)) && (to == null || !at.isAfter(to));
    }
}
