package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twitterhelpdesk.sandbox.StoredRecords.DmEvent;
import io.twitterhelpdesk.sandbox.StoredRecords.Tweet;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code payload} and {@code includes} of X Activity events, as X's event payload examples show them: DMs in the
 * Account Activity shape ({@code direct_message_events} and a {@code users} map whose values are
 * {@code {"data": v2 user}}), posts as v2 Post objects with the users (and media, and the replied-to post) in
 * {@code includes}; numbers inside objects get X's {@code *_str} duplicates.
 */
final class ActivityPayloads {

    private static final Set<String> USER_FIELDS = V2Query.names("created_at", "description", "protected",
            "verified", "verified_type", "profile_image_url", "url", "public_metrics");
    private static final Set<String> TWEET_FIELDS = V2Query.names("author_id", "conversation_id", "created_at",
            "in_reply_to_user_id", "referenced_tweets", "attachments", "entities", "display_text_range", "lang",
            "possibly_sensitive", "reply_settings", "public_metrics", "edit_controls");
    private static final Set<String> MEDIA_FIELDS = V2Query.names("url", "preview_image_url", "variants",
            "alt_text", "width", "height", "duration_ms");
    private static final DateTimeFormatter REVOKE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx")
            .withZone(ZoneOffset.UTC);

    private final SandboxStore store;

    ActivityPayloads(SandboxStore store) {
        this.store = store;
    }

    /** {@code dm.received} / {@code dm.sent}: the event in the Account Activity shape, the two users in v2 shape. */
    ObjectNode directMessage(DmEvent event) {
        ObjectNode payload = TwitterJson.MAPPER.createObjectNode();
        payload.putArray("direct_message_events").add(TwitterJson.directMessageEvent(event));
        ObjectNode users = payload.putObject("users");
        for (long id : List.of(event.senderId(), event.recipientId())) {
            store.findUser(id).ifPresent(u -> users.putObject(Long.toString(id)).set("data", user(u)));
        }
        return payload;
    }

    /** A v2 Post object for the post events. */
    ObjectNode post(Tweet tweet) {
        ObjectNode post = V2Json.tweet(tweet, store.conversationId(tweet), TWEET_FIELDS);
        if (tweet.inReplyToStatusId() != null) {
            post.put("in_reply_to_tweet_id", Long.toString(tweet.inReplyToStatusId()));
        }
        post.put("paid_partnership", false);
        return withStringDuplicates(post);
    }

    /** {@code includes} of a post event: author and mentioned users, media, the replied-to post when stored. */
    ObjectNode postIncludes(Tweet tweet) {
        ObjectNode includes = TwitterJson.MAPPER.createObjectNode();
        Set<Long> userIds = new LinkedHashSet<>();
        userIds.add(tweet.userId());
        tweet.content().mentions().forEach(m -> userIds.add(m.userId()));
        ArrayNode users = includes.putArray("users");
        userIds.forEach(id -> store.findActiveUser(id).ifPresent(u -> users.add(user(u))));
        if (!tweet.content().media().isEmpty()) {
            ArrayNode media = includes.putArray("media");
            tweet.content().media().forEach(m -> media.add(withStringDuplicates(V2Json.media(m, MEDIA_FIELDS))));
        }
        if (tweet.inReplyToStatusId() != null) {
            store.tweet(tweet.inReplyToStatusId()).ifPresent(replied -> includes.putArray("tweets").add(
                    withStringDuplicates(V2Json.tweet(replied, store.conversationId(replied), TWEET_FIELDS))));
        }
        return includes;
    }

    /** {@code oauth.revoke}: who revoked which app, when. */
    ObjectNode revoke(long userId, long appId, Instant at) {
        return TwitterJson.MAPPER.createObjectNode().put("date_time", REVOKE_TIME.format(at))
                .put("user_id", Long.toString(userId)).put("app_id", Long.toString(appId));
    }

    private static ObjectNode user(SandboxUser user) {
        return withStringDuplicates(V2Json.user(user, USER_FIELDS));
    }

    /** Adds {@code name_str} beside every integer member of nested objects, as X's activity payloads carry them. */
    static ObjectNode withStringDuplicates(ObjectNode node) {
        for (JsonNode child : node) {
            addStringDuplicates(child);
        }
        return node;
    }

    private static void addStringDuplicates(JsonNode node) {
        if (node.isArray()) {
            node.forEach(ActivityPayloads::addStringDuplicates);
            return;
        }
        if (!node.isObject()) {
            return;
        }
        ObjectNode object = (ObjectNode) node;
        Map<String, String> duplicates = new LinkedHashMap<>();
        List<JsonNode> children = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isIntegralNumber() && !object.has(field.getKey() + "_str")) {
                duplicates.put(field.getKey() + "_str", field.getValue().asText());
            }
            children.add(field.getValue());
        }
        duplicates.forEach(object::put);
        children.forEach(ActivityPayloads::addStringDuplicates);
    }
}
