package io.twitterhelpdesk.envelope;

import io.twitterhelpdesk.envelope.Envelope.AccountRef;
import io.twitterhelpdesk.envelope.Envelope.CustomerRef;
import twitter4j.TwitterException;
import twitter4j.TwitterObjectFactory;
import twitter4j.v1.DirectMessage;
import twitter4j.v1.Status;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * Real twitter4j objects, parsed from JSON shaped the way the Twitter API v1.1 sends it
 * (direct_messages/events/list and statuses/mentions_timeline with tweet_mode=extended).
 */
final class EnvelopeFixtures {

    static final AccountRef ACME = new AccountRef("42", "acme_support");
    static final CustomerRef ALICE = new CustomerRef("7", "alice", "Alice");
    static final Instant RECEIVED = Instant.parse("2026-11-22T01:02:04.250Z");

    /** 2026-11-22T01:02:03Z in epoch milliseconds. */
    static final long CREATED_MILLIS = 1795309323000L;

    /** A DM from alice (7) to acme_support (42): one t.co link, HTML-escaped text and a photo with alt text. */
    static final String DM_WITH_LINK_AND_PHOTO = """
            {"type": "message_create", "id": "1100000000000000002", "created_timestamp": "1795309323000",
             "message_create": {
               "target": {"recipient_id": "42"}, "sender_id": "7",
               "message_data": {
                 "text": "Hi, my order https://t.co/Ord3r991xY arrived broken. Q&amp;A page didn't help https://t.co/M3d1aPh0t0",
                 "entities": {"hashtags": [], "symbols": [], "user_mentions": [],
                   "urls": [{"url": "https://t.co/Ord3r991xY", "expanded_url": "https://acme.example/orders/991",
                             "display_url": "acme.example/orders/991", "indices": [13, 36]}]},
                 "attachment": {"type": "media", "media": {
                   "id": 1100000000000000777, "id_str": "1100000000000000777", "indices": [78, 101],
                   "media_url": "http://ton.twitter.com/1.1/ton/data/dm/1100000000000000002/1100000000000000777/Rtr.jpg",
                   "media_url_https": "https://ton.twitter.com/1.1/ton/data/dm/1100000000000000002/1100000000000000777/Rtr.jpg",
                   "url": "https://t.co/M3d1aPh0t0", "display_url": "pic.twitter.com/M3d1aPh0t0",
                   "expanded_url": "https://twitter.com/messages/media/1100000000000000002",
                   "type": "photo", "ext_alt_text": "Router with a cracked casing",
                   "sizes": {"thumb": {"w": 150, "h": 150, "resize": "crop"},
                             "large": {"w": 1024, "h": 768, "resize": "fit"}}}}}}}
            """;

    /** A plain-text DM from alice to acme_support, no entities. */
    static final String DM_TEXT_ONLY = """
            {"type": "message_create", "id": "1100000000000000003", "created_timestamp": "1795309383123",
             "message_create": {"target": {"recipient_id": "42"}, "sender_id": "7",
               "message_data": {"text": "  thanks!  "}}}
            """;

    /**
     * alice's tweet 1200000000000000005 mentioning @acme_support, in reply to 1200000000000000001, with a video:
     * {@code entities.media} has the thumbnail as a photo, {@code extended_entities.media} the video itself.
     */
    static final String MENTION_WITH_VIDEO = """
            {"created_at": "Sun Nov 22 01:02:03 +0000 2026",
             "id": 1200000000000000005, "id_str": "1200000000000000005",
             "full_text": "@acme_support the app crashes when I pay, see https://t.co/Xy1Zvid0Ab",
             "truncated": false, "display_text_range": [14, 45],
             "entities": {"hashtags": [], "symbols": [], "urls": [],
               "user_mentions": [{"screen_name": "acme_support", "name": "ACME Support", "id": 42, "id_str": "42",
                                  "indices": [0, 13]}],
               "media": [{"id": 1200000000000000900, "id_str": "1200000000000000900", "indices": [46, 69],
                 "media_url": "http://pbs.twimg.com/ext_tw_video_thumb/1200000000000000900/pu/img/thumb.jpg",
                 "media_url_https": "https://pbs.twimg.com/ext_tw_video_thumb/1200000000000000900/pu/img/thumb.jpg",
                 "url": "https://t.co/Xy1Zvid0Ab", "display_url": "pic.twitter.com/Xy1Zvid0Ab",
                 "expanded_url": "https://twitter.com/alice/status/1200000000000000005/video/1",
                 "type": "photo", "sizes": {"large": {"w": 1280, "h": 720, "resize": "fit"}}}]},
             "extended_entities": {
               "media": [{"id": 1200000000000000900, "id_str": "1200000000000000900", "indices": [46, 69],
                 "media_url": "http://pbs.twimg.com/ext_tw_video_thumb/1200000000000000900/pu/img/thumb.jpg",
                 "media_url_https": "https://pbs.twimg.com/ext_tw_video_thumb/1200000000000000900/pu/img/thumb.jpg",
                 "url": "https://t.co/Xy1Zvid0Ab", "display_url": "pic.twitter.com/Xy1Zvid0Ab",
                 "expanded_url": "https://twitter.com/alice/status/1200000000000000005/video/1",
                 "type": "video", "ext_alt_text": null,
                 "sizes": {"large": {"w": 1280, "h": 720, "resize": "fit"}},
                 "video_info": {"aspect_ratio": [16, 9], "duration_millis": 12000, "variants": [
                   {"bitrate": 832000, "content_type": "video/mp4",
                    "url": "https://video.twimg.com/ext_tw_video/1200000000000000900/pu/vid/640x360/low.mp4"},
                   {"content_type": "application/x-mpegURL",
                    "url": "https://video.twimg.com/ext_tw_video/1200000000000000900/pu/pl/playlist.m3u8"},
                   {"bitrate": 2176000, "content_type": "video/mp4",
                    "url": "https://video.twimg.com/ext_tw_video/1200000000000000900/pu/vid/1280x720/high.mp4"}]}}]},
             "in_reply_to_status_id": 1200000000000000001, "in_reply_to_status_id_str": "1200000000000000001",
             "in_reply_to_user_id": 42, "in_reply_to_screen_name": "acme_support",
             "user": {"id": 7, "id_str": "7", "name": "Alice", "screen_name": "alice"},
             "lang": "en"}
            """;

    /** A tweet that mentions @acme_support and answers nothing: it starts its own thread. */
    static final String MENTION_STARTING_THREAD = """
            {"created_at": "Sun Nov 22 01:05:00 +0000 2026",
             "id": 1200000000000000010, "id_str": "1200000000000000010",
             "full_text": "@acme_support are you open on Sunday?", "truncated": false,
             "entities": {"hashtags": [], "symbols": [], "urls": [], "user_mentions": []},
             "in_reply_to_status_id": null,
             "user": {"id": 9007199254740993, "id_str": "9007199254740993", "name": null, "screen_name": "bob_2"}}
            """;

    private EnvelopeFixtures() {
    }

    static DirectMessage dm(String json) {
        try {
            return TwitterObjectFactory.createDirectMessage(json);
        } catch (TwitterException e) {
            throw new IllegalStateException("bad DM fixture", e);
        }
    }

    static Status status(String json) {
        try {
            return TwitterObjectFactory.createStatus(json);
        } catch (TwitterException e) {
            throw new IllegalStateException("bad status fixture", e);
        }
    }

    /**
     * The DM of docs/envelope.md: it opened its conversation, and its photo is linked to the media endpoint of a
     * connector at https://connector.acme.example (media.base-url).
     */
    static Envelope dmEnvelope() {
        io.twitterhelpdesk.media.MediaLinks links = new io.twitterhelpdesk.media.MediaLinks(
                "https://connector.acme.example", java.time.Duration.ofDays(30),
                "docs-example-signing-key-0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.time.Clock.fixed(RECEIVED, java.time.ZoneOffset.UTC));
        return links.linked(EnvelopeMapper.fromDirectMessage(dm(DM_WITH_LINK_AND_PHOTO), ACME, ALICE, "support",
                "poll", RECEIVED).inConversation("twitter:dm:42:7@dm:1100000000000000002", true));
    }

    /** The mention of docs/envelope.md: in a conversation an earlier tweet of the thread opened. */
    static Envelope mentionEnvelope() {
        return EnvelopeMapper.fromMention(status(MENTION_WITH_VIDEO), ACME, "1200000000000000001", "social",
                "webhook", RECEIVED)
                .inConversation("twitter:thread:1200000000000000001@tweet:1200000000000000003", false);
    }

    /**
     * The same status, but answering {@code createdAt} for {@link Status#getCreatedAt()}. twitter4j parses a
     * tweet's {@code created_at} with a formatter whose zone is fixed when its {@code ParseUtil} class loads,
     * so a test that changes the default zone cannot get a zone-correct LocalDateTime from parsing.
     */
    static Status withCreatedAt(Status status, LocalDateTime createdAt) {
        return (Status) Proxy.newProxyInstance(Status.class.getClassLoader(), new Class<?>[]{Status.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getCreatedAt") && method.getParameterCount() == 0) {
                        return createdAt;
                    }
                    try {
                        return method.invoke(status, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
