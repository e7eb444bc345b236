package io.twitterhelpdesk.envelope;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.twitterhelpdesk.envelope.Envelope.CustomerRef;
import io.twitterhelpdesk.envelope.Envelope.MediaItem;
import org.junit.jupiter.api.Test;
import twitter4j.v1.DirectMessage;
import twitter4j.v1.Status;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.TimeZone;

import static io.twitterhelpdesk.envelope.EnvelopeFixtures.ACME;
import static io.twitterhelpdesk.envelope.EnvelopeFixtures.ALICE;
import static io.twitterhelpdesk.envelope.EnvelopeFixtures.RECEIVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopeMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Compact form of a pretty-printed expectation, keeping its field order. */
    private static String compact(String json) throws Exception {
        return JSON.readTree(json).toString();
    }

    @Test
    void directMessageWithLinkAndPhotoMapsToTheDocumentedEnvelope() throws Exception {
        String json = EnvelopeJson.toJson(EnvelopeFixtures.dmEnvelope());

        assertThat(json).isEqualTo(compact("""
                {"schema": "twitter-helpdesk/v1",
                 "id": "dm:1100000000000000002",
                 "kind": "direct_message",
                 "tags": ["Twitter:Direct"],
                 "account": {"id": "42", "screenName": "acme_support"},
                 "inbox": "support",
                 "customer": {"id": "7", "screenName": "alice", "name": "Alice"},
                 "conversationKey": "twitter:dm:42:7",
                 "conversationId": "twitter:dm:42:7@dm:1100000000000000002",
                 "newConversation": true,
                 "text": "Hi, my order https://acme.example/orders/991 arrived broken. Q&A page didn't help",
                 "media": [{"type": "photo",
                            "url": "https://connector.acme.example/api/v1/media/42/1100000000000000002/1100000000000000777/Rtr.jpg?expires=1797901324&signature=My_XR3ajvRHmeB5K7li4qhXLgmqHl8QHScvcFV9XLvU",
                            "twitterUrl": "https://ton.twitter.com/1.1/ton/data/dm/1100000000000000002/1100000000000000777/Rtr.jpg",
                            "altText": "Router with a cracked casing"}],
                 "inReplyToTweetId": null,
                 "tweetUrl": null,
                 "createdAt": "2026-11-22T01:02:03Z",
                 "receivedAt": "2026-11-22T01:02:04.250Z",
                 "source": "poll"}
                """));
    }

    @Test
    void mentionWithVideoMapsWithTweetUrlReplyIdAndThreadKey() throws Exception {
        String json = EnvelopeJson.toJson(EnvelopeFixtures.mentionEnvelope());

        assertThat(json).isEqualTo(compact("""
                {"schema": "twitter-helpdesk/v1",
                 "id": "tweet:1200000000000000005",
                 "kind": "mention",
                 "tags": ["Twitter:Mention"],
                 "account": {"id": "42", "screenName": "acme_support"},
                 "inbox": "social",
                 "customer": {"id": "7", "screenName": "alice", "name": "Alice"},
                 "conversationKey": "twitter:thread:1200000000000000001",
                 "conversationId": "twitter:thread:1200000000000000001@tweet:1200000000000000003",
                 "newConversation": false,
                 "text": "@acme_support the app crashes when I pay, see",
                 "media": [{"type": "video",
                            "url": "https://video.twimg.com/ext_tw_video/1200000000000000900/pu/vid/1280x720/high.mp4",
                            "twitterUrl": "https://video.twimg.com/ext_tw_video/1200000000000000900/pu/vid/1280x720/high.mp4",
                            "altText": null}],
                 "inReplyToTweetId": "1200000000000000001",
                 "tweetUrl": "https://twitter.com/alice/status/1200000000000000005",
                 "createdAt": "2026-11-22T01:02:03Z",
                 "receivedAt": "2026-11-22T01:02:04.250Z",
                 "source": "webhook"}
                """));
    }

    @Test
    void theMapperLeavesTheConversationToTheLifecycleAndInConversationSetsIt() {
        Envelope mapped = EnvelopeMapper.fromDirectMessage(EnvelopeFixtures.dm(EnvelopeFixtures.DM_TEXT_ONLY), ACME,
                ALICE, "support", "poll", RECEIVED);

        Envelope placed = mapped.inConversation("twitter:dm:42:7@dm:1", true);

        assertThat(mapped.conversationId()).isNull();
        assertThat(mapped.newConversation()).isFalse();
        assertThat(placed.conversationId()).isEqualTo("twitter:dm:42:7@dm:1");
        assertThat(placed.newConversation()).isTrue();
        assertThat(placed).usingRecursiveComparison().ignoringFields("conversationId", "newConversation")
                .isEqualTo(mapped);
    }

    @Test
    void anEnvelopeWrittenBeforeConversationIdsStillReads() {
        String old = EnvelopeJson.toJson(EnvelopeFixtures.dmEnvelope())
                .replace(",\"conversationId\":\"twitter:dm:42:7@dm:1100000000000000002\",\"newConversation\":true", "");

        Envelope read = EnvelopeJson.fromJson(old);

        assertThat(old).doesNotContain("conversationId");
        assertThat(read.conversationKey()).isEqualTo("twitter:dm:42:7");
        assertThat(read.conversationId()).isNull();
        assertThat(read.newConversation()).isFalse();
    }

    @Test
    void mentionStartingAThreadIsItsOwnRootAndKeepsLargeIdsExact() {
        Status tweet = EnvelopeFixtures.status(EnvelopeFixtures.MENTION_STARTING_THREAD);

        Envelope envelope = EnvelopeMapper.fromMention(tweet, ACME, null, "social", "poll", RECEIVED);

        assertThat(envelope.conversationKey()).isEqualTo("twitter:thread:1200000000000000010");
        assertThat(envelope.inReplyToTweetId()).isNull();
        assertThat(envelope.media()).isEmpty();
        // 2^53 + 1: a JavaScript number would silently turn it into ...992
        assertThat(envelope.customer()).isEqualTo(new CustomerRef("9007199254740993", "bob_2", null));
        assertThat(EnvelopeJson.toJson(envelope))
                .contains("\"customer\":{\"id\":\"9007199254740993\",\"screenName\":\"bob_2\",\"name\":null}")
                .contains("\"id\":\"tweet:1200000000000000010\"");
    }

    @Test
    void textOnlyDirectMessageIsTrimmedAndHasNoMedia() {
        Envelope envelope = EnvelopeMapper.fromDirectMessage(EnvelopeFixtures.dm(EnvelopeFixtures.DM_TEXT_ONLY),
                ACME, ALICE, "support", "webhook", RECEIVED);

        assertThat(envelope.text()).isEqualTo("thanks!");
        assertThat(envelope.media()).isEmpty();
        assertThat(envelope.createdAt()).isEqualTo(Instant.parse("2026-11-22T01:03:03.123Z"));
    }

    @Test
    void createdAtIsTheRightInstantUnderANonUtcDefaultZone() {
        // parsed before the zone changes, so twitter4j's ParseUtil (zone fixed at class load) never sees Tokyo
        Status parsedTweet = EnvelopeFixtures.status(EnvelopeFixtures.MENTION_WITH_VIDEO);
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));

            // parsed under Tokyo: twitter4j hands out 2026-11-22T10:02:03 local time
            DirectMessage dm = EnvelopeFixtures.dm(EnvelopeFixtures.DM_WITH_LINK_AND_PHOTO);
            assertThat(dm.getCreatedAt()).isEqualTo(LocalDateTime.parse("2026-11-22T10:02:03"));
            Envelope fromDm = EnvelopeMapper.fromDirectMessage(dm, ACME, ALICE, "support", "poll", RECEIVED);

            // what twitter4j hands out for the tweet when the JVM runs in Tokyo
            Status tweet = EnvelopeFixtures.withCreatedAt(parsedTweet, LocalDateTime.parse("2026-11-22T10:02:03"));
            Envelope fromTweet = EnvelopeMapper.fromMention(tweet, ACME, null, "social", "poll", RECEIVED);

            assertThat(fromDm.createdAt()).isEqualTo(Instant.parse("2026-11-22T01:02:03Z"));
            assertThat(fromTweet.createdAt()).isEqualTo(Instant.parse("2026-11-22T01:02:03Z"));
            assertThat(EnvelopeJson.toJson(fromDm)).contains("\"createdAt\":\"2026-11-22T01:02:03Z\"");
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @Test
    void videoWithoutMp4FallsBackToThePreviewImage() {
        String gifWithoutVariants = EnvelopeFixtures.MENTION_WITH_VIDEO
                .replace("\"type\": \"video\"", "\"type\": \"animated_gif\"")
                .replace("\"video/mp4\"", "\"application/dash+xml\"");

        Envelope envelope = EnvelopeMapper.fromMention(EnvelopeFixtures.status(gifWithoutVariants), ACME, null,
                "social", "poll", RECEIVED);

        assertThat(envelope.media()).containsExactly(new MediaItem("animated_gif",
                "https://pbs.twimg.com/ext_tw_video_thumb/1200000000000000900/pu/img/thumb.jpg", null));
    }

    @Test
    void rejectsACustomerWhoIsNotTheSenderAndUnknownSources() {
        DirectMessage dm = EnvelopeFixtures.dm(EnvelopeFixtures.DM_TEXT_ONLY);

        assertThatThrownBy(() -> EnvelopeMapper.fromDirectMessage(dm, ACME, new CustomerRef("8", "mallory", null),
                "support", "poll", RECEIVED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not the sender");
        assertThatThrownBy(() -> EnvelopeMapper.fromDirectMessage(dm, ACME, ALICE, "support", "push", RECEIVED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source");
    }

    @Test
    void jsonRoundTripsToAnEqualEnvelope() {
        Envelope dm = EnvelopeFixtures.dmEnvelope();
        Envelope mention = EnvelopeFixtures.mentionEnvelope();

        assertThat(EnvelopeJson.fromJson(EnvelopeJson.toJson(dm))).isEqualTo(dm);
        assertThat(EnvelopeJson.fromJson(EnvelopeJson.toJson(mention))).isEqualTo(mention);
        assertThatThrownBy(() -> EnvelopeJson.fromJson(EnvelopeJson.toJson(dm).replace("{\"schema\"", "{\"extra\":1,\"schema\"")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
