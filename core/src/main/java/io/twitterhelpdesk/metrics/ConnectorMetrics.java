package io.twitterhelpdesk.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.account.ApiVersion;
import io.twitterhelpdesk.envelope.Envelope;
import io.twitterhelpdesk.inbound.PollObserver;
import io.twitterhelpdesk.inbound.PolledMessage;
import twitter4j.v1.RateLimitStatus;

/**
 * The connector's business metrics, in the Micrometer registry that {@code GET /observe/metrics} serves in Prometheus
 * text format (names as Prometheus shows them):
 * <ul>
 * <li>{@code twitter_helpdesk_messages_received_total{account,kind,source}}: DMs and mentions taken in from a poll or
 * a webhook (a message fetched again after a failed delivery counts again);</li>
 * <li>{@code twitter_helpdesk_messages_delivered_total{account,kind}}: envelopes the broker accepted;</li>
 * <li>{@code twitter_helpdesk_messages_dropped_total{account,kind,reason}}: {@code duplicate} (delivered before, by
 * this or another instance, by poll or webhook), {@code echo} (the account's own message), {@code sender_gone};</li>
 * <li>{@code twitter_helpdesk_replies_total{outcome}}: reply status events, {@code sent}, {@code rejected},
 * {@code failed};</li>
 * <li>{@code twitter_helpdesk_rate_limit_remaining{account,endpoint}}: the {@code x-rate-limit-remaining} Twitter
 * last announced (-1 until a call told);</li>
 * <li>{@code twitter_helpdesk_dead_letters_total{helpdesk}}: envelopes parked on a helpdesk's dead-letter queue;</li>
 * <li>{@code twitter_helpdesk_activity_events_total{source,type}}: X Activity API events read from the stream or the
 * webhook, by event type ({@code dm.received}, {@code dm.sent}, {@code post.mention.create}, ...);</li>
 * <li>{@code twitter_helpdesk_activity_events_ignored_total{source,type}}: of those, the ones nothing was made of
 * (unknown type, unreadable event, not a configured account);</li>
 * <li>{@code twitter_helpdesk_activity_stream_reconnects_total{reason}}: stream connections ended and opened again
 * ({@code closed} by X, {@code stalled}, {@code error}, {@code rate_limited}, {@code unauthorized});</li>
 * <li>{@code twitter_helpdesk_activity_recoveries_total{kind}}: gaps asked back from X: {@code backfill} (stream,
 * up to 5 minutes), {@code recovery} (stream, a window up to 24 hours), {@code replay} (a webhook replay job).</li>
 * </ul>
 * Kinds are the envelope's ({@code direct_message}, {@code mention}). The series of every configured account exist
 * from the start at 0, so a rate or an alert works before the first message.
 */
public final class ConnectorMetrics implements PollObserver {

    public static final String PREFIX = "twitter.helpdesk.";
    private static final String[] KINDS = {Envelope.KIND_DIRECT_MESSAGE, Envelope.KIND_MENTION};
    private static final String[] SOURCES = {Envelope.SOURCE_POLL, Envelope.SOURCE_WEBHOOK, Envelope.SOURCE_STREAM};
    private static final String[] DROP_REASONS = {"duplicate", "echo", "sender_gone"};
    /** The final statuses of a reply's status event (outbound.ReplyStatus), each counted from 0. */
    private static final String[] OUTCOMES = {"sent", "rejected", "failed"};

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> rateLimits = new ConcurrentHashMap<>();
    private final Map<String, ApiVersion> apis = new ConcurrentHashMap<>();

    public ConnectorMetrics(MeterRegistry registry, AccountRegistry accounts) {
        this.registry = registry;
        for (Account account : accounts.all()) {
            apis.put(account.name(), account.api());
            for (String kind : KINDS) {
                for (String source : SOURCES) {
                    received(account.name(), kind, source);
                }
                delivered(account.name(), kind);
                for (String reason : DROP_REASONS) {
                    dropped(account.name(), kind, reason);
                }
            }
        }
        for (String outcome : OUTCOMES) {
            replies(outcome);
        }
    }

    /** A DM or mention entered the inbound pipeline. */
    public void received(PolledMessage message) {
        received(message.account(), kind(message), message.source()).increment();
    }

    /** The broker accepted the message's envelope. */
    public void delivered(PolledMessage message) {
        delivered(message.account(), kind(message)).increment();
    }

    /** The message was delivered before: not delivered again. */
    public void duplicate(PolledMessage message) {
        dropped(message.account(), kind(message), "duplicate").increment();
    }

    /** The message is not delivered for its drop reason (an echo, or a sender whose account is gone). */
    public void dropped(PolledMessage message) {
        String reason = PolledMessage.ECHO.equals(message.dropReason()) ? "echo"
                : PolledMessage.SENDER_GONE.equals(message.dropReason()) ? "sender_gone" : "other";
        dropped(message.account(), kind(message), reason).increment();
    }

    /** A reply ended with this status event. */
    public void reply(String status) {
        replies(status).increment();
    }

    /** {@code twitter_helpdesk_helpdesk_available{helpdesk}}: 1 while the helpdesk takes calls, 0 while it is down. */
    public void helpdeskAvailable(String helpdesk, BooleanSupplier available) {
        Gauge.builder(PREFIX + "helpdesk.available", available, a -> a.getAsBoolean() ? 1 : 0)
                .description("1 while the HTTP helpdesk takes calls (circuit closed), 0 while it is down")
                // held here: Micrometer keeps a gauge's object only weakly, and nothing else holds this lambda
                .strongReference(true).tag("helpdesk", helpdesk).register(registry);
        helpdeskRetries(helpdesk);
    }

    /** A message for the helpdesk is tried again after it could not take it (5xx, 429, timeout, circuit open). */
    public void helpdeskRetry(String helpdesk) {
        helpdeskRetries(helpdesk).increment();
    }

    private Counter helpdeskRetries(String helpdesk) {
        return Counter.builder(PREFIX + "helpdesk.retries")
                .description("Envelopes tried again because the HTTP helpdesk could not take them")
                .tag("helpdesk", helpdesk).register(registry);
    }

    /**
     * A media item went to an HTTP helpdesk as its link only, not as a file ({@code attachments.mode}): reason gone
     * (its link answered 404 or 410), too_large (over {@code attachments.max-bytes}) or refused (another answer).
     */
    public void attachmentNotAttached(String helpdesk, String reason) {
        Counter.builder(PREFIX + "helpdesk.attachments.not.attached")
                .description("Media items delivered to an HTTP helpdesk as a link only, not as a file")
                .tag("helpdesk", helpdesk).tag("reason", reason).register(registry).increment();
    }

    /** An envelope was parked on a helpdesk's dead-letter queue. */
    public void deadLetter(String helpdesk) {
        Counter.builder(PREFIX + "dead.letters").description("Envelopes parked on a helpdesk's dead-letter queue")
                .tag("helpdesk", String.valueOf(helpdesk)).register(registry).increment();
    }

    /**
     * What Twitter last announced in {@code x-rate-limit-remaining} for this account and endpoint (the endpoint
     * names the sandbox's fault injection uses: {@code dm_list}, {@code mentions}, {@code v2_dm_events}, ...).
     */
    public void rateLimitRemaining(String account, String endpoint, int remaining) {
        rateLimits.computeIfAbsent(account + "/" + endpoint, key -> {
            AtomicLong value = new AtomicLong(-1);
            Gauge.builder(PREFIX + "rate.limit.remaining", value, AtomicLong::get)
                    .description("Requests left in the current rate-limit window, as Twitter last announced")
                    .tag("account", account).tag("endpoint", endpoint).register(registry);
            return value;
        }).set(remaining);
    }

    @Override
    public void polled(String account, String channel, RateLimitStatus limit) {
        pollRateLimit(account, channel, limit);
    }

    @Override
    public void failed(String account, String channel, RateLimitStatus limit) {
        pollRateLimit(account, channel, limit);
    }

    /** The rate limit a send call announced ({@code dm} or {@code public}), if it announced one. */
    public void sent(String account, boolean directMessage, RateLimitStatus limit) {
        if (limit != null) {
            boolean v2 = apis.get(account) == ApiVersion.V2;
            rateLimitRemaining(account, directMessage ? (v2 ? "v2_dm_send" : "dm_new")
                    : (v2 ? "v2_tweets" : "status_update"), limit.getRemaining());
        }
    }

    private void pollRateLimit(String account, String channel, RateLimitStatus limit) {
        if (limit != null) {
            boolean v2 = apis.get(account) == ApiVersion.V2;
            boolean dm = PolledMessage.DM.equals(channel);
            rateLimitRemaining(account, dm ? (v2 ? "v2_dm_events" : "dm_list") : (v2 ? "v2_mentions" : "mentions"),
                    limit.getRemaining());
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** An X Activity API event was read from {@code source} (stream, webhook). */
    public void activityEvent(String source, String eventType) {
        Counter.builder(PREFIX + "activity.events").description("X Activity API events read, by source and type")
                .tag("source", source).tag("type", eventType).register(registry).increment();
    }

    /** Nothing was made of an X Activity API event (unknown type, unreadable, not a configured account). */
    public void activityEventIgnored(String source, String eventType) {
        Counter.builder(PREFIX + "activity.events.ignored")
                .description("X Activity API events acknowledged and ignored, by source and type")
                .tag("source", source).tag("type", eventType).register(registry).increment();
    }

    /**
     * A file attached to a DM was served to a helpdesk: {@code from} {@code cache}, or {@code x} (read from X, a
     * billed read), or not served ({@code refused}: the problem's status).
     */
    public void mediaServed(String account, String from) {
        Counter.builder(PREFIX + "media.files").description("DM files served through the media endpoint, by account "
                + "and where they came from: cache, x (a read from X) or refused").tag("account", account)
                .tag("from", from).register(registry).increment();
    }

    /** The activity stream ended ({@code reason}) and is opened again. */
    public void activityStreamReconnect(String reason) {
        Counter.builder(PREFIX + "activity.stream.reconnects").description("X Activity stream reconnections by reason")
                .tag("reason", reason).register(registry).increment();
    }

    /** A gap was asked back from X: {@code backfill}, {@code recovery} or {@code replay}. */
    public void activityRecovery(String kind) {
        Counter.builder(PREFIX + "activity.recoveries")
                .description("X Activity API gaps asked back: backfill, recovery (stream), replay (webhook)")
                .tag("kind", kind).register(registry).increment();
    }

    private Counter received(String account, String kind, String source) {
        return Counter.builder(PREFIX + "messages.received")
                .description("DMs and mentions taken in from a poll or a webhook")
                .tag("account", account).tag("kind", kind).tag("source", String.valueOf(source)).register(registry);
    }

    private Counter delivered(String account, String kind) {
        return Counter.builder(PREFIX + "messages.delivered").description("Envelopes the broker accepted")
                .tag("account", account).tag("kind", kind).register(registry);
    }

    private Counter dropped(String account, String kind, String reason) {
        return Counter.builder(PREFIX + "messages.dropped")
                .description("DMs and mentions not delivered: duplicate, echo (the account's own), sender_gone")
                .tag("account", account).tag("kind", kind).tag("reason", reason).register(registry);
    }

    private Counter replies(String outcome) {
        return Counter.builder(PREFIX + "replies").description("Replies by outcome: sent, rejected, failed")
                .tag("outcome", String.valueOf(outcome).toLowerCase(Locale.ROOT)).register(registry);
    }

    private static String kind(PolledMessage message) {
        return PolledMessage.DM.equals(message.channel()) ? Envelope.KIND_DIRECT_MESSAGE : Envelope.KIND_MENTION;
    }
}
