package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twitterhelpdesk.sandbox.StoredRecords.DmEvent;
import io.twitterhelpdesk.sandbox.StoredRecords.Tweet;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/** Renders users, tweets, DM events and errors as Twitter API v1.1 JSON. */
final class TwitterJson {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter CREATED_AT =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.US).withZone(ZoneOffset.UTC);

    private TwitterJson() {
    }

    static String createdAt(Instant instant) {
        return CREATED_AT.format(instant);
    }

    static String write(Object node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode error(int code, String message) {
        ObjectNode root = MAPPER.createObjectNode();
        root.putArray("errors").addObject().put("code", code).put("message", message);
        return root;
    }

    static ObjectNode user(SandboxUser user) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", user.id());
        node.put("id_str", Long.toString(user.id()));
        node.put("name", user.name());
        node.put("screen_name", user.screenName());
        node.put("location", "");
        node.put("description", "");
        node.putNull("url");
        node.putObject("entities").putObject("description").putArray("urls");
        node.put("protected", false);
        node.put("followers_count", 0);
        node.put("friends_count", 0);
        node.put("listed_count", 0);
        node.put("created_at", createdAt(user.createdAt()));
        node.put("favourites_count", 0);
        node.put("verified", false);
        node.put("statuses_count", 0);
        node.put("default_profile", true);
        node.put("default_profile_image", true);
        node.put("profile_image_url", "http://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png");
        node.put("profile_image_url_https",
                "https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png");
        node.put("can_dm", user.acceptsDirectMessages());
        return node;
    }

    /**
     * {@code GET account/settings}: every field twitter4j's AccountSettings reads, {@code allow_dms_from} {@code all}
     * or {@code following}.
     */
    static ObjectNode accountSettings(SandboxUser user) {
        ObjectNode node = MAPPER.createObjectNode();
        node.putObject("sleep_time").put("enabled", false).putNull("end_time").putNull("start_time");
        node.putNull("time_zone");
        node.putNull("trend_location");
        node.put("protected", false);
        node.put("screen_name", user.screenName());
        node.put("always_use_https", true);
        node.put("use_cookie_personalization", false);
        node.put("geo_enabled", false);
        node.put("language", "en");
        node.put("discoverable_by_email", false);
        node.put("discoverable_by_mobile_phone", false);
        node.put("display_sensitive_media", false);
        node.put("allow_contributor_request", "none");
        node.put("allow_dms_from", user.acceptsDirectMessages() ? "all" : "following");
        node.put("allow_dm_groups_from", "following");
        return node;
    }

    /** {@code GET friendships/show}: {@code {"relationship":{"source":{..},"target":{..}}}} as Twitter answers it. */
    static ObjectNode relationship(SandboxUser source, SandboxUser target, boolean sourceFollowsTarget,
                                   boolean targetFollowsSource, boolean sourceCanDm, boolean targetCanDm) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode relationship = root.putObject("relationship");
        relationship.putObject("source").put("id", source.id()).put("id_str", Long.toString(source.id()))
                .put("screen_name", source.screenName()).put("following", sourceFollowsTarget)
                .put("followed_by", targetFollowsSource).put("live_following", false)
                .put("following_received", false).put("following_requested", false)
                .put("notifications_enabled", false).put("can_dm", sourceCanDm).put("blocking", false)
                .put("blocked_by", false).put("muting", false).put("want_retweets", false)
                .put("all_replies", false).put("marked_spam", false);
        relationship.putObject("target").put("id", target.id()).put("id_str", Long.toString(target.id()))
                .put("screen_name", target.screenName()).put("following", targetFollowsSource)
                .put("followed_by", sourceFollowsTarget).put("following_received", false)
                .put("following_requested", false).put("can_dm", targetCanDm);
        return root;
    }

    static ArrayNode users(List<SandboxUser> users) {
        ArrayNode array = MAPPER.createArrayNode();
        users.forEach(u -> array.add(user(u)));
        return array;
    }

    static ObjectNode directMessageEvent(DmEvent event) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("type", "message_create");
        node.put("id", Long.toString(event.id()));
        node.put("created_timestamp", Long.toString(event.createdAt().toEpochMilli()));
        ObjectNode create = node.putObject("message_create");
        create.putObject("target").put("recipient_id", Long.toString(event.recipientId()));
        create.put("sender_id", Long.toString(event.senderId()));
        if (event.sourceAppId() != null) {
            create.put("source_app_id", Long.toString(event.sourceAppId()));
        }
        ObjectNode data = create.putObject("message_data");
        MessageContent content = event.content();
        data.put("text", content.text());
        ObjectNode entities = entities(content, false);
        ArrayNode urls = (ArrayNode) entities.get("urls");
        for (MessageContent.MediaEntity media : content.media()) {
            urls.addObject().put("url", media.url()).put("expanded_url", media.expandedUrl())
                    .put("display_url", media.displayUrl()).set("indices", indices(media.start(), media.end()));
        }
        data.set("entities", entities);
        if (!content.media().isEmpty()) {
            ObjectNode attachment = data.putObject("attachment");
            attachment.put("type", "media");
            attachment.set("media", media(content.media().get(0)));
        }
        return node;
    }

    static ObjectNode directMessageEvents(List<DmEvent> events, String nextCursor) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode array = root.putArray("events");
        events.forEach(e -> array.add(directMessageEvent(e)));
        if (nextCursor != null) {
            root.put("next_cursor", nextCursor);
        }
        return root;
    }

    static ObjectNode status(Tweet tweet, LongFunction<SandboxUser> users) {
        ObjectNode node = MAPPER.createObjectNode();
        MessageContent content = tweet.content();
        node.put("created_at", createdAt(tweet.createdAt()));
        node.put("id", tweet.id());
        node.put("id_str", Long.toString(tweet.id()));
        node.put("full_text", content.text());
        node.put("truncated", false);
        node.set("display_text_range", indices(content.displayStart(), content.displayEnd()));
        node.set("entities", entities(content, true));
        if (!content.media().isEmpty()) {
            ArrayNode media = node.putObject("extended_entities").putArray("media");
            content.media().forEach(m -> media.add(media(m)));
        }
        node.put("source", "<a href=\"https://github.com/twitterhelpdesk\" rel=\"nofollow\">Twitter sandbox</a>");
        putNullableId(node, "in_reply_to_status_id", tweet.inReplyToStatusId());
        putNullableId(node, "in_reply_to_user_id", tweet.inReplyToUserId());
        if (tweet.inReplyToScreenName() == null) {
            node.putNull("in_reply_to_screen_name");
        } else {
            node.put("in_reply_to_screen_name", tweet.inReplyToScreenName());
        }
        node.set("user", user(users.apply(tweet.userId())));
        node.putNull("geo");
        node.putNull("coordinates");
        node.putNull("place");
        node.putNull("contributors");
        node.put("is_quote_status", false);
        node.put("retweet_count", 0);
        node.put("favorite_count", 0);
        node.put("favorited", false);
        node.put("retweeted", false);
        if (!content.media().isEmpty()) {
            node.put("possibly_sensitive", false);
        }
        node.put("lang", "en");
        return node;
    }

    static ArrayNode statuses(List<Tweet> tweets, LongFunction<SandboxUser> users) {
        ArrayNode array = MAPPER.createArrayNode();
        tweets.forEach(t -> array.add(status(t, users)));
        return array;
    }

    private static void putNullableId(ObjectNode node, String field, Long id) {
        if (id == null) {
            node.putNull(field);
            node.putNull(field + "_str");
        } else {
            node.put(field, id.longValue());
            node.put(field + "_str", Long.toString(id));
        }
    }

    private static ObjectNode entities(MessageContent content, boolean withMedia) {
        ObjectNode entities = MAPPER.createObjectNode();
        ArrayNode hashtags = entities.putArray("hashtags");
        content.hashtags().forEach(h -> hashtags.addObject().put("text", h.text())
                .set("indices", indices(h.start(), h.end())));
        entities.putArray("symbols");
        ArrayNode mentions = entities.putArray("user_mentions");
        content.mentions().forEach(m -> mentions.addObject().put("screen_name", m.screenName()).put("name", m.name())
                .put("id", m.userId()).put("id_str", Long.toString(m.userId()))
                .set("indices", indices(m.start(), m.end())));
        ArrayNode urls = entities.putArray("urls");
        content.urls().forEach(u -> urls.addObject().put("url", u.url()).put("expanded_url", u.expandedUrl())
                .put("display_url", u.displayUrl()).set("indices", indices(u.start(), u.end())));
        if (withMedia && !content.media().isEmpty()) {
            entities.putArray("media").add(media(content.media().get(0)));
        }
        return entities;
    }

    private static ObjectNode media(MessageContent.MediaEntity entity) {
        Media media = entity.media();
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", entity.id());
        node.put("id_str", Long.toString(entity.id()));
        node.set("indices", indices(entity.start(), entity.end()));
        node.put("media_url", media.url().replaceFirst("^https://", "http://"));
        node.put("media_url_https", media.url());
        node.put("url", entity.url());
        node.put("display_url", entity.displayUrl());
        node.put("expanded_url", entity.expandedUrl());
        node.put("type", media.type());
        ObjectNode sizes = node.putObject("sizes");
        sizes.set("thumb", size(150, 150, "crop"));
        sizes.set("small", size(680, 383, "fit"));
        sizes.set("medium", size(1200, 675, "fit"));
        sizes.set("large", size(1280, 720, "fit"));
        if (media.altText() != null) {
            node.put("ext_alt_text", media.altText());
        }
        if (!media.type().equals("photo")) {
            ObjectNode info = node.putObject("video_info");
            info.putArray("aspect_ratio").add(16).add(9);
            if (media.type().equals("video")) {
                info.put("duration_millis", 10_000);
            }
            ObjectNode variant = info.putArray("variants").addObject();
            variant.put("bitrate", media.type().equals("video") ? 832_000 : 0);
            variant.put("content_type", "video/mp4");
            variant.put("url", media.url());
        }
        return node;
    }

    private static ObjectNode size(int w, int h, String resize) {
        return MAPPER.createObjectNode().put("w", w).put("h", h).put("resize", resize);
    }

    private static ArrayNode indices(int start, int end) {
        return MAPPER.createArrayNode().add(start).add(end);
    }
}
