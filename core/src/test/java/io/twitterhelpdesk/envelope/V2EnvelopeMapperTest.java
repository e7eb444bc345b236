package io.twitterhelpdesk.envelope;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twitterhelpdesk.envelope.Envelope.AccountRef;
import io.twitterhelpdesk.envelope.Envelope.CustomerRef;
import io.twitterhelpdesk.envelope.Envelope.MediaItem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** X API v2 objects, as the v2 endpoints answer them, become the same envelope as their v1.1 counterparts. */
class V2EnvelopeMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AccountRef ACCOUNT = new AccountRef("42", "acme_support");
    private static final Instant RECEIVED = Instant.parse("2026-11-22T10:00:00Z");

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    private static final String INCLUDES = "{'users':[{'id':'1001','name':'Alice A.','username':'alice'}],"
            + "'media':[{'media_key':'3_1','type':'photo','url':'https://pbs.twimg.com/media/a.jpg','alt_text':'a mug'},"
            + "{'media_key':'7_2','type':'video','preview_image_url':'https://pbs.twimg.com/p.jpg','variants':["
            + "{'content_type':'application/x-mpegURL','url':'https://video.twimg.com/v.m3u8'},"
            + "{'bit_rate':256000,'content_type':'video/mp4','url':'https://video.twimg.com/low.mp4'},"
            + "{'bit_rate':2176000,'content_type':'video/mp4','url':'https://video.twimg.com/high.mp4'}]}]}";

    @Test
    void directMessageEventBecomesADirectMessageEnvelope() throws Exception {
        JsonNode event = json("{'id':'1580','event_type':'MessageCreate','sender_id':'1001',"
                + "'dm_conversation_id':'42-1001','created_at':'2026-11-22T09:59:58.000Z',"
                + "'text':'Broken, see https://t.co/abc https://t.co/pic',"
                + "'entities':{'urls':[{'start':16,'end':39,'url':'https://t.co/abc',"
                + "'expanded_url':'https://example.com/orders/1','display_url':'example.com/orders/1'},"
                + "{'start':40,'end':63,'url':'https://t.co/pic','expanded_url':'https://x.com/alice/status/1/photo/1',"
                + "'media_key':'3_1'}]},'attachments':{'media_keys':['3_1','7_2']}}");
        CustomerRef alice = V2EnvelopeMapper.user(json(INCLUDES), "1001").orElseThrow();

        Envelope e = V2EnvelopeMapper.fromDirectMessage(event, json(INCLUDES), ACCOUNT, alice, "support", "poll",
                RECEIVED);

        assertThat(e.id()).isEqualTo("dm:1580");
        assertThat(e.kind()).isEqualTo(Envelope.KIND_DIRECT_MESSAGE);
        assertThat(e.tags()).containsExactly(Envelope.TAG_DIRECT);
        assertThat(e.customer()).isEqualTo(new CustomerRef("1001", "alice", "Alice A."));
        assertThat(e.conversationKey()).isEqualTo("twitter:dm:42:1001");
        assertThat(e.text()).isEqualTo("Broken, see https://example.com/orders/1");
        assertThat(e.media()).containsExactly(
                new MediaItem("photo", "https://pbs.twimg.com/media/a.jpg", "a mug"),
                new MediaItem("video", "https://video.twimg.com/high.mp4", null));
        assertThat(e.createdAt()).isEqualTo(Instant.parse("2026-11-22T09:59:58Z"));
        assertThat(e.source()).isEqualTo("poll");
    }

    @Test
    void mentionTakesItsThreadFromTheConversationIdAndItsParentFromReferencedTweets() throws Exception {
        JsonNode tweet = json("{'id':'2002','text':'@acme_support still waiting','author_id':'1001',"
                + "'conversation_id':'1990','created_at':'2026-11-22T09:00:00.000Z',"
                + "'referenced_tweets':[{'type':'quoted','id':'1500'},{'type':'replied_to','id':'1995'}]}");
        CustomerRef alice = V2EnvelopeMapper.user(json(INCLUDES), "1001").orElseThrow();

        Envelope e = V2EnvelopeMapper.fromMention(tweet, json(INCLUDES), ACCOUNT, alice, null, "social", "poll",
                RECEIVED);

        assertThat(e.id()).isEqualTo("tweet:2002");
        assertThat(e.kind()).isEqualTo(Envelope.KIND_MENTION);
        assertThat(e.conversationKey()).isEqualTo("twitter:thread:1990");
        assertThat(e.inReplyToTweetId()).isEqualTo("1995");
        assertThat(e.tweetUrl()).isEqualTo("https://twitter.com/alice/status/2002");
        assertThat(e.inbox()).isEqualTo("social");
        assertThat(e.media()).isEmpty();
    }

    @Test
    void aUserLeftOutOfTheIncludesIsNotFoundAndMissingFieldsAreRefusedClearly() throws Exception {
        assertThat(V2EnvelopeMapper.user(json(INCLUDES), "999")).isEmpty();
        JsonNode noDate = json("{'id':'1581','event_type':'MessageCreate','sender_id':'1001','text':'hi'}");
        CustomerRef alice = new CustomerRef("1001", "alice", null);
        assertThatThrownBy(() -> V2EnvelopeMapper.fromDirectMessage(noDate, json("{}"), ACCOUNT, alice, "support",
                "poll", RECEIVED)).hasMessageContaining("no created_at");
        CustomerRef bob = new CustomerRef("1002", "bob", null);
        JsonNode dated = json("{'id':'1582','sender_id':'1001','text':'hi','created_at':'2026-11-22T09:00:00Z'}");
        assertThatThrownBy(() -> V2EnvelopeMapper.fromDirectMessage(dated, json("{}"), ACCOUNT, bob, "support",
                "poll", RECEIVED)).hasMessageContaining("is not the sender");
    }
}
