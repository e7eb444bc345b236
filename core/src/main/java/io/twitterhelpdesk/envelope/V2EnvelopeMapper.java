package io.twitterhelpdesk.envelope;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.envelope.Envelope.AccountRef;
import io.twitterhelpdesk.envelope.Envelope.CustomerRef;
import io.twitterhelpdesk.envelope.Envelope.MediaItem;

/**
 * Turns X API v2 objects (a {@code dm_events} item or a {@code mentions} tweet, with the {@code includes} of the page
 * it came in) into the same {@link Envelope} {@link EnvelopeMapper} makes from v1.1: media t.co links removed, other
 * t.co links expanded, media from {@code includes.media} (photos by URL, videos by their best mp4). Pure functions.
 */
public final class V2EnvelopeMapper {

    /** What X allows in a screen name; anything else in a payload is not taken as one. */
    private static final Pattern SCREEN_NAME = Pattern.compile("[A-Za-z0-9_]{1,15}");
    private static final Pattern NUMERIC_ID = Pattern.compile("[0-9]{1,19}");

    private V2EnvelopeMapper() {
    }

    /**
     * @param event    a {@code MessageCreate} DM event (fields id, text, sender_id, created_at, attachments, entities)
     * @param includes the {@code includes} of its page (media), or a missing node
     * @param customer the sender, found in {@code includes.users} by the caller
     */
    public static Envelope fromDirectMessage(JsonNode event, JsonNode includes, AccountRef account,
            CustomerRef customer, String inbox, String source, Instant receivedAt) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(customer, "customer");
        EnvelopeMapper.requireNumericId(account.id(), "account id");
        String id = EnvelopeMapper.requireNumericId(event.path("id").asText(null), "DM event id");
        if (!customer.id().equals(event.path("sender_id").asText())) {
            throw new IllegalArgumentException("customer id " + customer.id() + " is not the sender of direct message "
                    + id + " (sender " + event.path("sender_id").asText() + ")");
        }
        return new Envelope(Envelope.SCHEMA, "dm:" + id, Envelope.KIND_DIRECT_MESSAGE, List.of(Envelope.TAG_DIRECT),
                account, EnvelopeMapper.requireInbox(inbox), customer,
                "twitter:dm:" + account.id() + ":" + customer.id(), null, false,
                text(event), media(event, includes), null, null,
                createdAt(event, "direct message " + id),
                Objects.requireNonNull(receivedAt, "receivedAt"), EnvelopeMapper.requireSource(source));
    }

    /**
     * @param tweet        a tweet of {@code GET /2/users/{id}/mentions} (fields id, text, author_id, created_at,
     *                     conversation_id, referenced_tweets, entities, attachments)
     * @param author       its author, found in {@code includes.users} by the caller
     * @param threadRootId the conversation's first tweet; null means the tweet's {@code conversation_id}, else itself
     */
    public static Envelope fromMention(JsonNode tweet, JsonNode includes, AccountRef account, CustomerRef author,
            String threadRootId, String inbox, String source, Instant receivedAt) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(author, "author");
        EnvelopeMapper.requireNumericId(account.id(), "account id");
        String id = EnvelopeMapper.requireNumericId(tweet.path("id").asText(null), "tweet id");
        String root = threadRootId != null ? threadRootId : tweet.path("conversation_id").asText(id);
        EnvelopeMapper.requireNumericId(root, "thread root id");
        return new Envelope(Envelope.SCHEMA, "tweet:" + id, Envelope.KIND_MENTION, List.of(Envelope.TAG_MENTION),
                account, EnvelopeMapper.requireInbox(inbox), author, "twitter:thread:" + root, null, false,
                text(tweet), media(tweet, includes), repliedTo(tweet).orElse(null),
                "https://twitter.com/" + author.screenName() + "/status/" + id,
                createdAt(tweet, "tweet " + id),
                Objects.requireNonNull(receivedAt, "receivedAt"), EnvelopeMapper.requireSource(source));
    }

    /** The id of the tweet this one answers ({@code referenced_tweets} of type {@code replied_to}). */
    public static Optional<String> repliedTo(JsonNode tweet) {
        return StreamSupport.stream(tweet.path("referenced_tweets").spliterator(), false)
                .filter(r -> "replied_to".equals(r.path("type").asText())
                        && NUMERIC_ID.matcher(r.path("id").asText("")).matches())
                .map(r -> r.path("id").asText()).findFirst();
    }

    /** A user of {@code includes.users} as a customer, if the page included it (a deleted user is left out). */
    public static Optional<CustomerRef> user(JsonNode includes, String id) {
        return StreamSupport.stream(includes.path("users").spliterator(), false)
                .filter(u -> id.equals(fieldsOf(u).path("id").asText()))
                .map(u -> customer(u, id))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /**
     * A user object as the customer with this id, in any of the shapes X sends: a v2 user ({@code id, username,
     * name}), the same wrapped in {@code {"data": {...}}} (X Activity API), or a v1.1 user ({@code id, screen_name,
     * name}). Empty when it is missing, names another id or carries no valid screen name.
     */
    public static Optional<CustomerRef> customer(JsonNode user, String id) {
        JsonNode fields = fieldsOf(user);
        String screenName = fields.path("username").asText(fields.path("screen_name").asText(""));
        if (!id.equals(fields.path("id").asText(id)) || !SCREEN_NAME.matcher(screenName).matches()) {
            return Optional.empty();
        }
        return Optional.of(new CustomerRef(id, screenName,
                fields.path("name").isTextual() ? fields.path("name").asText() : null));
    }

    private static JsonNode fieldsOf(JsonNode user) {
        return user.path("data").isObject() ? user.path("data") : user;
    }

    public static String text(JsonNode item) {
        String text = item.path("text").asText("");
        for (JsonNode url : item.path("entities").path("urls")) {
            String tco = url.path("url").asText("");
            if (tco.isEmpty()) {
                continue;
            }
            boolean mediaLink = url.path("media_key").isTextual();
            String expanded = url.path("expanded_url").asText("");
            text = text.replace(tco, mediaLink ? "" : expanded.isEmpty() ? tco : expanded);
        }
        return text.strip();
    }

    static List<MediaItem> media(JsonNode item, JsonNode includes) {
        List<MediaItem> items = new ArrayList<>();
        for (JsonNode key : item.path("attachments").path("media_keys")) {
            for (JsonNode m : includes.path("media")) {
                if (key.asText().equals(m.path("media_key").asText())) {
                    mediaItem(m).ifPresent(items::add);
                }
            }
        }
        return items;
    }

    private static Optional<MediaItem> mediaItem(JsonNode m) {
        String type = m.path("type").asText(MediaItem.PHOTO);
        String alt = m.path("alt_text").isTextual() && !m.path("alt_text").asText().isBlank()
                ? m.path("alt_text").asText() : null;
        if (MediaItem.PHOTO.equals(type)) {
            return Optional.ofNullable(m.path("url").asText(null)).map(url -> new MediaItem(type, url, alt));
        }
        String kind = MediaItem.ANIMATED_GIF.equals(type) ? type : MediaItem.VIDEO;
        Optional<String> mp4 = StreamSupport.stream(m.path("variants").spliterator(), false)
                .filter(v -> "video/mp4".equalsIgnoreCase(v.path("content_type").asText()) && v.path("url").isTextual())
                .max(Comparator.comparingLong(v -> v.path("bit_rate").asLong(0)))
                .map(v -> v.path("url").asText());
        return mp4.or(() -> Optional.ofNullable(m.path("preview_image_url").asText(null)))
                .map(url -> new MediaItem(kind, url, alt));
    }

    private static Instant createdAt(JsonNode item, String what) {
        String value = item.path("created_at").asText(null);
        if (value == null) {
            throw new IllegalArgumentException(what + " has no created_at (ask for it in the fields)");
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(what + " has a malformed created_at: " + value);
        }
    }
}
