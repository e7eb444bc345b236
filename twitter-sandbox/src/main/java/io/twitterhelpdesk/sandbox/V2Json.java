package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twitterhelpdesk.sandbox.StoredRecords.DmEvent;
import io.twitterhelpdesk.sandbox.StoredRecords.Tweet;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Renders users, DM events, tweets and media as X API v2 objects: the default fields always, the others when
 * selected. Ids are strings; times ISO-8601 with milliseconds in UTC.
 */
final class V2Json {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String PROFILE_IMAGE =
            "https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png";

    private V2Json() {
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** The id of a one-to-one conversation: the two user ids, smaller first, joined by a dash. */
    static String conversationId(long a, long b) {
        return Math.min(a, b) + "-" + Math.max(a, b);
    }

    /** {@code 3_<id>} for a photo, {@code 7_<id>} for a video, {@code 16_<id>} for an animated GIF. */
    static String mediaKey(MessageContent.MediaEntity media) {
        String prefix = switch (media.media().type()) {
            case "photo" -> "3_";
            case "video" -> "7_";
            default -> "16_";
        };
        return prefix + media.id();
    }

    static ObjectNode user(SandboxUser user, Set<String> fields) {
        return user(user, fields, user.acceptsDirectMessages(), null);
    }

    /**
     * A user as the requesting user sees it: {@code receives_your_dm} whether the requester may DM them,
     * {@code connection_status} how the two are connected ({@code following}, {@code followed_by}; null: left out).
     */
    static ObjectNode user(SandboxUser user, Set<String> fields, boolean receivesYourDm,
                           java.util.List<String> connectionStatus) {
        ObjectNode node = TwitterJson.MAPPER.createObjectNode();
        node.put("id", Long.toString(user.id()));
        node.put("name", user.name());
        node.put("username", user.screenName());
        if (fields.contains("created_at")) {
            node.put("created_at", time(user.createdAt()));
        }
        if (fields.contains("description")) {
            node.put("description", "");
        }
        if (fields.contains("protected")) {
            node.put("protected", false);
        }
        if (fields.contains("verified")) {
            node.put("verified", false);
        }
        if (fields.contains("verified_type")) {
            node.put("verified_type", "none");
        }
        if (fields.contains("profile_image_url")) {
            node.put("profile_image_url", PROFILE_IMAGE);
        }
        if (fields.contains("url")) {
            node.put("url", "");
        }
        if (fields.contains("receives_your_dm")) {
            node.put("receives_your_dm", receivesYourDm);
        }
        if (fields.contains("connection_status") && connectionStatus != null) {
            connectionStatus.forEach(node.putArray("connection_status")::add);
        }
        if (fields.contains("public_metrics")) {
            node.putObject("public_metrics").put("followers_count", 0).put("following_count", 0)
                    .put("tweet_count", 0).put("listed_count", 0).put("like_count", 0);
        }
        return node;
    }

    static ObjectNode dmEvent(DmEvent event, Set<String> fields) {
        ObjectNode node = TwitterJson.MAPPER.createObjectNode();
        MessageContent content = event.content();
        node.put("id", Long.toString(event.id()));
        node.put("event_type", "MessageCreate");
        node.put("text", content.text());
        if (fields.contains("sender_id")) {
            node.put("sender_id", Long.toString(event.senderId()));
        }
        if (fields.contains("dm_conversation_id")) {
            node.put("dm_conversation_id", conversationId(event.senderId(), event.recipientId()));
        }
        if (fields.contains("created_at")) {
            node.put("created_at", time(event.createdAt()));
        }
        if (fields.contains("participant_ids")) {
            node.putArray("participant_ids").add(Long.toString(Math.min(event.senderId(), event.recipientId())))
                    .add(Long.toString(Math.max(event.senderId(), event.recipientId())));
        }
        putAttachmentsAndEntities(node, content, fields);
        return node;
    }

    static ObjectNode tweet(Tweet tweet, long conversationId, Set<String> fields) {
        ObjectNode node = TwitterJson.MAPPER.createObjectNode();
        MessageContent content = tweet.content();
        node.put("id", Long.toString(tweet.id()));
        node.put("text", content.text());
        node.putArray("edit_history_tweet_ids").add(Long.toString(tweet.id()));
        if (fields.contains("author_id")) {
            node.put("author_id", Long.toString(tweet.userId()));
        }
        if (fields.contains("conversation_id")) {
            node.put("conversation_id", Long.toString(conversationId));
        }
        if (fields.contains("created_at")) {
            node.put("created_at", time(tweet.createdAt()));
        }
        if (fields.contains("in_reply_to_user_id") && tweet.inReplyToUserId() != null) {
            node.put("in_reply_to_user_id", Long.toString(tweet.inReplyToUserId()));
        }
        if (fields.contains("referenced_tweets") && tweet.inReplyToStatusId() != null) {
            node.putArray("referenced_tweets").addObject().put("type", "replied_to")
                    .put("id", Long.toString(tweet.inReplyToStatusId()));
        }
        putAttachmentsAndEntities(node, content, fields);
        if (fields.contains("display_text_range")) {
            node.putArray("display_text_range").add(content.displayStart()).add(content.displayEnd());
        }
        if (fields.contains("lang")) {
            node.put("lang", "en");
        }
        if (fields.contains("possibly_sensitive")) {
            node.put("possibly_sensitive", false);
        }
        if (fields.contains("reply_settings")) {
            node.put("reply_settings", "everyone");
        }
        if (fields.contains("public_metrics")) {
            node.putObject("public_metrics").put("retweet_count", 0).put("reply_count", 0).put("like_count", 0)
                    .put("quote_count", 0).put("bookmark_count", 0).put("impression_count", 0);
        }
        if (fields.contains("edit_controls")) {
            node.putObject("edit_controls").put("edits_remaining", 5).put("is_edit_eligible", true)
                    .put("editable_until", time(tweet.createdAt().plus(Duration.ofHours(1))));
        }
        return node;
    }

    static ObjectNode media(MessageContent.MediaEntity entity, Set<String> fields) {
        Media media = entity.media();
        ObjectNode node = TwitterJson.MAPPER.createObjectNode();
        node.put("media_key", mediaKey(entity));
        node.put("type", media.type());
        boolean photo = media.type().equals("photo");
        if (fields.contains("url") && photo) {
            node.put("url", media.url());
        }
        if (fields.contains("preview_image_url") && !photo) {
            node.put("preview_image_url", media.type().equals("video")
                    ? "https://pbs.twimg.com/ext_tw_video_thumb/" + entity.id() + "/pu/img/sandbox.jpg"
                    : "https://pbs.twimg.com/tweet_video_thumb/sandbox" + entity.id() + ".jpg");
        }
        if (fields.contains("variants") && !photo) {
            node.putArray("variants").addObject().put("bit_rate", media.type().equals("video") ? 832_000 : 0)
                    .put("content_type", "video/mp4").put("url", media.url());
        }
        if (fields.contains("alt_text") && media.altText() != null) {
            node.put("alt_text", media.altText());
        }
        if (fields.contains("width")) {
            node.put("width", 1280);
        }
        if (fields.contains("height")) {
            node.put("height", 720);
        }
        if (fields.contains("duration_ms") && media.type().equals("video")) {
            node.put("duration_ms", 10_000);
        }
        return node;
    }

    /** The partial error X adds beside {@code data} for an expanded user it cannot show. */
    static ObjectNode userNotFoundError(long userId) {
        String id = Long.toString(userId);
        return TwitterJson.MAPPER.createObjectNode().put("value", id)
                .put("detail", "Could not find user with ids: [" + id + "].").put("title", "Not Found Error")
                .put("resource_type", "user").put("parameter", "ids").put("resource_id", id)
                .put("type", V2Problem.RESOURCE_NOT_FOUND);
    }

    private static void putAttachmentsAndEntities(ObjectNode node, MessageContent content, Set<String> fields) {
        if (fields.contains("attachments") && !content.media().isEmpty()) {
            ArrayNode keys = node.putObject("attachments").putArray("media_keys");
            content.media().forEach(m -> keys.add(mediaKey(m)));
        }
        if (fields.contains("entities")) {
            ObjectNode entities = entities(content);
            if (!entities.isEmpty()) {
                node.set("entities", entities);
            }
        }
    }

    /** {@code urls} (media links with their {@code media_key}), {@code mentions} and {@code hashtags}, when any. */
    private static ObjectNode entities(MessageContent content) {
        ObjectNode entities = TwitterJson.MAPPER.createObjectNode();
        List<ObjectNode> urls = new ArrayList<>();
        content.urls().forEach(u -> urls.add(TwitterJson.MAPPER.createObjectNode().put("start", u.start())
                .put("end", u.end()).put("url", u.url()).put("expanded_url", u.expandedUrl())
                .put("display_url", u.displayUrl())));
        content.media().forEach(m -> urls.add(TwitterJson.MAPPER.createObjectNode().put("start", m.start())
                .put("end", m.end()).put("url", m.url()).put("expanded_url", m.expandedUrl())
                .put("display_url", m.displayUrl()).put("media_key", mediaKey(m))));
        if (!urls.isEmpty()) {
            urls.sort(Comparator.comparingInt(u -> u.path("start").asInt()));
            entities.putArray("urls").addAll(urls);
        }
        if (!content.mentions().isEmpty()) {
            ArrayNode mentions = entities.putArray("mentions");
            content.mentions().forEach(m -> mentions.addObject().put("start", m.start()).put("end", m.end())
                    .put("username", m.screenName()).put("id", Long.toString(m.userId())));
        }
        if (!content.hashtags().isEmpty()) {
            ArrayNode hashtags = entities.putArray("hashtags");
            content.hashtags().forEach(h -> hashtags.addObject().put("start", h.start()).put("end", h.end())
                    .put("tag", h.text()));
        }
        return entities;
    }
}
