package io.twitterhelpdesk.envelope;

import io.twitterhelpdesk.envelope.Envelope.AccountRef;
import io.twitterhelpdesk.envelope.Envelope.CustomerRef;
import io.twitterhelpdesk.envelope.Envelope.MediaItem;
import twitter4j.v1.DirectMessage;
import twitter4j.v1.MediaEntity;
import twitter4j.v1.Status;
import twitter4j.v1.URLEntity;
import twitter4j.v1.User;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns twitter4j Direct Messages and mentions into {@link Envelope}s. Pure functions: no I/O, no clock;
 * the caller supplies what twitter4j objects do not carry (the account, the DM's customer, the inbox, the
 * thread root, how and when it arrived). The conversation id is left null: which conversation of the key a
 * message belongs to is state ({@code ConversationLifecycle}), set with {@link Envelope#inConversation}.
 */
public final class EnvelopeMapper {

    private static final Pattern NUMERIC_ID = Pattern.compile("[0-9]+");

    private EnvelopeMapper() {
    }

    /**
     * Maps a Direct Message a customer sent to a company account.
     *
     * @param dm         the message, as camel-twitter or the webhook parser delivers it
     * @param account    the company account that received it
     * @param customer   the sender (its id must be the message's sender id)
     * @param inbox      the helpdesk inbox chosen for it
     * @param source     {@code "poll"}, {@code "webhook"} or {@code "stream"}
     * @param receivedAt when the connector received it
     */
    public static Envelope fromDirectMessage(DirectMessage dm, AccountRef account, CustomerRef customer,
                                             String inbox, String source, Instant receivedAt) {
        Objects.requireNonNull(dm, "dm");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(customer, "customer");
        requireNumericId(account.id(), "account id");
        requireNumericId(customer.id(), "customer id");
        if (!customer.id().equals(Long.toString(dm.getSenderId()))) {
            throw new IllegalArgumentException("customer id " + customer.id()
                    + " is not the sender of direct message " + dm.getId() + " (sender " + dm.getSenderId() + ")");
        }
        return new Envelope(
                Envelope.SCHEMA,
                "dm:" + dm.getId(),
                Envelope.KIND_DIRECT_MESSAGE,
                List.of(Envelope.TAG_DIRECT),
                account,
                requireInbox(inbox),
                customer,
                "twitter:dm:" + account.id() + ":" + customer.id(),
                null,
                false,
                text(dm.getText(), dm.getURLEntities(), dm.getMediaEntities()),
                media(dm.getMediaEntities()),
                null,
                null,
                toInstant(dm.getCreatedAt(), "direct message " + dm.getId()),
                Objects.requireNonNull(receivedAt, "receivedAt"),
                requireSource(source));
    }

    /**
     * Maps a tweet that mentions a company account.
     *
     * @param status       the tweet (tweet_mode=extended, so {@code getText()} is the full text)
     * @param account      the company account it mentions
     * @param threadRootId id of the first tweet of the conversation, as resolved by the caller; null means
     *                     the tweet starts its own thread
     * @param inbox        the helpdesk inbox chosen for it
     * @param source       {@code "poll"}, {@code "webhook"} or {@code "stream"}
     * @param receivedAt   when the connector received it
     */
    public static Envelope fromMention(Status status, AccountRef account, String threadRootId,
                                       String inbox, String source, Instant receivedAt) {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(account, "account");
        requireNumericId(account.id(), "account id");
        User user = status.getUser();
        if (user == null) {
            throw new IllegalArgumentException("tweet " + status.getId() + " carries no user");
        }
        CustomerRef customer = new CustomerRef(Long.toString(user.getId()), user.getScreenName(), user.getName());
        String tweetId = Long.toString(status.getId());
        String root = threadRootId == null ? tweetId : requireNumericId(threadRootId, "thread root id");
        long inReplyTo = status.getInReplyToStatusId();
        return new Envelope(
                Envelope.SCHEMA,
                "tweet:" + tweetId,
                Envelope.KIND_MENTION,
                List.of(Envelope.TAG_MENTION),
                account,
                requireInbox(inbox),
                customer,
                "twitter:thread:" + root,
                null,
                false,
                text(status.getText(), status.getURLEntities(), status.getMediaEntities()),
                media(status.getMediaEntities()),
                inReplyTo > 0 ? Long.toString(inReplyTo) : null,
                "https://twitter.com/" + customer.screenName() + "/status/" + tweetId,
                toInstant(status.getCreatedAt(), "tweet " + tweetId),
                Objects.requireNonNull(receivedAt, "receivedAt"),
                requireSource(source));
    }

    /** twitter4j gives creation times as a LocalDateTime in the JVM's default zone. */
    static Instant toInstant(LocalDateTime createdAt, String what) {
        if (createdAt == null) {
            throw new IllegalArgumentException(what + " has no creation time");
        }
        return createdAt.atZone(ZoneId.systemDefault()).toInstant();
    }

    /**
     * Removes the t.co links Twitter appends for attached media, replaces every other t.co link by the URL it
     * stands for, and trims.
     */
    public static String text(String raw, URLEntity[] urls, MediaEntity[] media) {
        String text = raw == null ? "" : raw;
        for (MediaEntity m : nonNull(media)) {
            if (m.getURL() != null && !m.getURL().isEmpty()) {
                text = text.replace(m.getURL(), "");
            }
        }
        for (URLEntity u : nonNull(urls)) {
            if (u.getURL() != null && !u.getURL().isEmpty() && u.getExpandedURL() != null) {
                text = text.replace(u.getURL(), u.getExpandedURL());
            }
        }
        return text.strip();
    }

    static List<MediaItem> media(MediaEntity[] entities) {
        List<MediaItem> items = new ArrayList<>();
        for (MediaEntity m : nonNull(entities)) {
            String type = mediaType(m);
            String still = m.getMediaURLHttps() != null ? m.getMediaURLHttps() : m.getMediaURL();
            String url = MediaItem.PHOTO.equals(type) ? still : bestMp4(m).orElse(still);
            if (url != null) {
                items.add(new MediaItem(type, url, altText(m)));
            }
        }
        return items;
    }

    private static String mediaType(MediaEntity m) {
        String type = m.getType();
        if (MediaItem.PHOTO.equals(type) || MediaItem.VIDEO.equals(type) || MediaItem.ANIMATED_GIF.equals(type)) {
            return type;
        }
        return nonNull(m.getVideoVariants()).isEmpty() ? MediaItem.PHOTO : MediaItem.VIDEO;
    }

    private static Optional<String> bestMp4(MediaEntity m) {
        return nonNull(m.getVideoVariants()).stream()
                .filter(v -> "video/mp4".equalsIgnoreCase(v.getContentType()) && v.getUrl() != null)
                .max(Comparator.comparingInt(MediaEntity.Variant::getBitrate))
                .map(MediaEntity.Variant::getUrl);
    }

    /** twitter4j turns {@code "ext_alt_text": null} (what the API sends for media without one) into "null". */
    private static String altText(MediaEntity m) {
        String alt = m.getExtAltText();
        return alt == null || alt.isBlank() || "null".equals(alt) ? null : alt;
    }

    private static <T> List<T> nonNull(T[] array) {
        return array == null ? List.of() : Arrays.asList(array);
    }

    static String requireNumericId(String id, String what) {
        if (id == null || !NUMERIC_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(what + " must be a numeric Twitter id, was " + id);
        }
        return id;
    }

    static String requireInbox(String inbox) {
        if (inbox == null || inbox.isBlank()) {
            throw new IllegalArgumentException("inbox must not be blank");
        }
        return inbox;
    }

    static String requireSource(String source) {
        if (!Envelope.SOURCE_POLL.equals(source) && !Envelope.SOURCE_WEBHOOK.equals(source)
                && !Envelope.SOURCE_STREAM.equals(source)) {
            throw new IllegalArgumentException("source must be \"poll\", \"webhook\" or \"stream\", was " + source);
        }
        return source;
    }
}
