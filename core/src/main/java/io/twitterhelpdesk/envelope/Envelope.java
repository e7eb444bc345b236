package io.twitterhelpdesk.envelope;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * The inbound envelope (schema {@value #SCHEMA}): one per Direct Message or mention, as the helpdesk
 * receives it. Its JSON form is described by
 * {@code schema/twitter-helpdesk-envelope-v1.schema.json} and {@code docs/envelope.md}.
 *
 * <p>Ids are strings (64-bit Twitter ids overflow JavaScript numbers). Instants are kept to millisecond
 * precision and written as ISO-8601 UTC strings, e.g. {@code 2026-11-22T01:02:03Z}. Nullable fields
 * ({@code customer.name}, {@code media[].altText}, {@code inReplyToTweetId}, {@code tweetUrl}) are written
 * as JSON {@code null}, never left out.
 *
 * <p>{@code conversationKey} is stable (one per DM pair or mention thread, for ever); {@code conversationId} names
 * one conversation of that key, from the message that opened it ({@code newConversation} true) until it is closed or
 * goes inactive. The mappers leave it null ({@link #inConversation} sets it); every envelope delivered carries one.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"schema", "id", "kind", "tags", "account", "inbox", "customer", "conversationKey", "conversationId",
        "newConversation", "text",
        "media", "inReplyToTweetId", "tweetUrl", "createdAt", "receivedAt", "source"})
public record Envelope(
        String schema,
        String id,
        String kind,
        List<String> tags,
        AccountRef account,
        String inbox,
        CustomerRef customer,
        String conversationKey,
        String conversationId,
        boolean newConversation,
        String text,
        List<MediaItem> media,
        String inReplyToTweetId,
        String tweetUrl,
        @JsonSerialize(using = IsoInstant.Serializer.class)
        @JsonDeserialize(using = IsoInstant.Deserializer.class)
        Instant createdAt,
        @JsonSerialize(using = IsoInstant.Serializer.class)
        @JsonDeserialize(using = IsoInstant.Deserializer.class)
        Instant receivedAt,
        String source) {

    public static final String SCHEMA = "twitter-helpdesk/v1";
    public static final String KIND_DIRECT_MESSAGE = "direct_message";
    public static final String KIND_MENTION = "mention";
    public static final String TAG_DIRECT = "Twitter:Direct";
    public static final String TAG_MENTION = "Twitter:Mention";
    public static final String SOURCE_POLL = "poll";
    public static final String SOURCE_WEBHOOK = "webhook";
    public static final String SOURCE_STREAM = "stream";

    public Envelope {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        tags = List.copyOf(Objects.requireNonNull(tags, "tags"));
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(inbox, "inbox");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(conversationKey, "conversationKey");
        Objects.requireNonNull(text, "text");
        media = List.copyOf(Objects.requireNonNull(media, "media"));
        createdAt = Objects.requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MILLIS);
        receivedAt = Objects.requireNonNull(receivedAt, "receivedAt").truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(source, "source");
    }

    /** This envelope in the conversation {@code id}; {@code opened}: its message opened that conversation. */
    public Envelope inConversation(String id, boolean opened) {
        return new Envelope(schema, this.id, kind, tags, account, inbox, customer, conversationKey,
                Objects.requireNonNull(id, "conversationId"), opened, text, media, inReplyToTweetId, tweetUrl, createdAt,
                receivedAt, source);
    }

    /** The company account the message was sent to. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"id", "screenName"})
    public record AccountRef(String id, String screenName) {
        public AccountRef {
            Objects.requireNonNull(id, "account id");
            Objects.requireNonNull(screenName, "account screenName");
        }
    }

    /** The customer who wrote; {@code name} (the display name) may be null. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"id", "screenName", "name"})
    public record CustomerRef(String id, String screenName, String name) implements java.io.Serializable {
        public CustomerRef {
            Objects.requireNonNull(id, "customer id");
            Objects.requireNonNull(screenName, "customer screenName");
        }
    }

    /**
     * One attached photo, video or animated GIF. {@code url} is the link a helpdesk can fetch: for media attached to a
     * Direct Message, which X serves only to a participant, the connector's own media endpoint (a signed, expiring
     * link); for public media (mentions) the link X gives. {@code twitterUrl} is always the link as X gives it.
     * {@code altText} may be null.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"type", "url", "twitterUrl", "altText"})
    public record MediaItem(String type, String url, String twitterUrl, String altText) {
        public static final String PHOTO = "photo";
        public static final String VIDEO = "video";
        public static final String ANIMATED_GIF = "animated_gif";

        public MediaItem {
            Objects.requireNonNull(type, "media type");
            Objects.requireNonNull(url, "media url");
            Objects.requireNonNull(twitterUrl, "media twitterUrl");
        }

        /** Media as X gives it: the helpdesk's link is X's own. */
        public MediaItem(String type, String twitterUrl, String altText) {
            this(type, twitterUrl, twitterUrl, altText);
        }

        /** This item with {@code link} as the helpdesk's link. */
        public MediaItem servedAt(String link) {
            return new MediaItem(type, link, twitterUrl, altText);
        }
    }
}
