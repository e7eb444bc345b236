package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.twitterhelpdesk.sandbox.StoredRecords.DmEvent;
import io.twitterhelpdesk.sandbox.StoredRecords.Tweet;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns what happens in the store into X Activity API events: one event per matching subscription (event type and
 * {@code filter.user_id}), logged, POSTed to the subscription's webhook and written to the app's open stream.
 * Publishing and opening a stream share one lock, so a stream's backfill and its live events neither overlap nor
 * leave a gap.
 */
final class XActivity {

    private final SandboxStore store;
    private final ActivitySubscriptions subscriptions;
    private final ActivityLog log;
    private final ActivityWebhooks webhooks;
    private final ActivityStreams streams;
    private final ActivityPayloads payloads;
    private final UsageCharges usage;
    private final SecureRandom random = new SecureRandom();

    XActivity(SandboxStore store, ActivitySubscriptions subscriptions, ActivityLog log, ActivityWebhooks webhooks,
              ActivityStreams streams, UsageCharges usage) {
        this.store = store;
        this.usage = usage;
        this.subscriptions = subscriptions;
        this.log = log;
        this.webhooks = webhooks;
        this.streams = streams;
        this.payloads = new ActivityPayloads(store);
    }

    /** {@code dm.received} for the recipient's subscriptions, {@code dm.sent} for the sender's. */
    void directMessageCreated(DmEvent event) {
        if (subscriptions.all().isEmpty()) {
            return;
        }
        ObjectNode payload = payloads.directMessage(event);
        String id = Long.toString(event.id());
        publishForUser(ActivityEventTypes.DM_RECEIVED, event.recipientId(), payload, null, event.createdAt(), id);
        publishForUser(ActivityEventTypes.DM_SENT, event.senderId(), payload, null, event.createdAt(), id);
    }

    /**
     * {@code post.create} for the author, {@code post.mention.create} for each user the text explicitly mentions
     * (not the reply prefix the sandbox adds), {@code post.reply.create} for the author of the replied-to post.
     */
    void tweetCreated(Tweet tweet) {
        if (subscriptions.all().isEmpty()) {
            return;
        }
        ObjectNode post = payloads.post(tweet);
        ObjectNode includes = payloads.postIncludes(tweet);
        String id = Long.toString(tweet.id());
        publishForUser(ActivityEventTypes.POST_CREATE, tweet.userId(), post, includes, tweet.createdAt(), id);
        MessageContent content = tweet.content();
        Set<Long> mentioned = new LinkedHashSet<>();
        content.mentions().stream().filter(m -> m.start() >= content.displayStart() && m.userId() != tweet.userId())
                .forEach(m -> mentioned.add(m.userId()));
        mentioned.forEach(userId -> publishForUser(ActivityEventTypes.POST_MENTION, userId, post, includes,
                tweet.createdAt(), id));
        if (tweet.inReplyToUserId() != null && tweet.inReplyToUserId() != tweet.userId()) {
            publishForUser(ActivityEventTypes.POST_REPLY, tweet.inReplyToUserId(), post, includes,
                    tweet.createdAt(), id);
        }
    }

    /** {@code oauth.revoke} (empty filter) for the {@code oauth.revoke} subscriptions of the revoked app. */
    void appRevoked(SandboxUser account, String consumerKey) {
        Instant now = store.now();
        ObjectNode payload = payloads.revoke(account.id(), store.appId(consumerKey), now);
        publish(subscriptions.matching(e -> e.consumerKey().equals(consumerKey)
                && e.subscription().eventType().equals(ActivityEventTypes.OAUTH_REVOKE)), payload, null, now, null);
    }

    /**
     * Opens the app's stream with the logged events of {@code [backfillFrom, end]} queued first (none when
     * {@code backfillFrom} is null); 429 problem when the app already has one open.
     */
    synchronized ActivityStreamConnection openStream(String consumerKey, HttpExchange exchange, Instant backfillFrom,
                                                     Instant end) {
        List<ActivityStreamConnection.Line> backfill = backfillFrom == null ? List.of()
                : log.ofApp(consumerKey, backfillFrom, end).stream().map(this::streamLine).toList();
        return streams.open(consumerKey, exchange, end, backfill);
    }

    /** The event's line on a stream, billed as it is written. */
    private ActivityStreamConnection.Line streamLine(LoggedActivity activity) {
        return new ActivityStreamConnection.Line(activity.json(), () -> usage.activityDelivered(activity));
    }

    private void publishForUser(String eventType, long userId, ObjectNode payload, ObjectNode includes, Instant at,
                                String resourceId) {
        String id = Long.toString(userId);
        publish(subscriptions.matching(e -> e.subscription().eventType().equals(eventType)
                && id.equals(e.subscription().userId())), payload, includes, at, resourceId);
    }

    private synchronized void publish(List<ActivitySubscriptions.Entry> matching, ObjectNode payload,
                                      ObjectNode includes, Instant at, String resourceId) {
        for (ActivitySubscriptions.Entry entry : matching) {
            ActivitySubscription subscription = entry.subscription();
            String uuid = Long.toString(random.nextLong());
            ObjectNode root = TwitterJson.MAPPER.createObjectNode();
            ObjectNode data = root.putObject("data");
            data.put("event_uuid", uuid);
            data.set("filter", ActivityJson.filter(subscription));
            data.put("event_type", subscription.eventType());
            if (subscription.tag() != null) {
                data.put("tag", subscription.tag());
            }
            data.set("payload", payload);
            if (includes != null) {
                data.set("includes", includes);
            }
            LoggedActivity activity = new LoggedActivity(new ActivityEvent(uuid, subscription.eventType(),
                    subscription.userId(), subscription.subscriptionId(), subscription.webhookId(), at),
                    entry.consumerKey(), TwitterJson.write(root), resourceId);
            log.add(activity);
            streams.send(entry.consumerKey(), streamLine(activity));
            webhooks.deliver(activity);
        }
    }
}
