package io.twitterhelpdesk.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** The X Activity subscriptions of every app, in creation order; each belongs to one app (consumer key). */
final class ActivitySubscriptions {

    /** A subscription with the app it belongs to. */
    record Entry(String consumerKey, ActivitySubscription subscription) {
    }

    private final Map<String, Entry> byId = new LinkedHashMap<>();

    synchronized void put(String consumerKey, ActivitySubscription subscription) {
        byId.put(subscription.subscriptionId(), new Entry(consumerKey, subscription));
    }

    /** The app's subscription with this id. */
    synchronized Optional<ActivitySubscription> find(String consumerKey, String subscriptionId) {
        return Optional.ofNullable(byId.get(subscriptionId)).filter(e -> e.consumerKey().equals(consumerKey))
                .map(Entry::subscription);
    }

    /** Removes the app's subscription; false when it has none with this id. */
    synchronized boolean remove(String consumerKey, String subscriptionId) {
        if (find(consumerKey, subscriptionId).isEmpty()) {
            return false;
        }
        byId.remove(subscriptionId);
        return true;
    }

    synchronized List<ActivitySubscription> ofApp(String consumerKey) {
        return byId.values().stream().filter(e -> e.consumerKey().equals(consumerKey)).map(Entry::subscription)
                .toList();
    }

    synchronized List<Entry> matching(Predicate<Entry> filter) {
        return byId.values().stream().filter(filter).toList();
    }

    synchronized List<ActivitySubscription> all() {
        return byId.values().stream().map(Entry::subscription).toList();
    }
}
