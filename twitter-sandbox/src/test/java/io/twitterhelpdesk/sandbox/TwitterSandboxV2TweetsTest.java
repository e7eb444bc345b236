package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import twitter4j.Twitter;
import twitter4j.v1.Paging;
import twitter4j.v1.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** X API v2 mentions and tweets over HTTP, checked against what twitter4j sees on /1.1. */
class TwitterSandboxV2TweetsTest {

    private static final long ACCOUNT_ID = 42;
    private TwitterSandbox sandbox;
    private V2TestClient v2;
    private Twitter twitter;

    @BeforeEach
    void start() {
        sandbox = new TwitterSandbox().start();
        sandbox.registerAccount(ACCOUNT_ID, "acme_support", "ACME Support", "ck", "cs", "at", "ats");
        v2 = V2TestClient.oauth1(sandbox, "ck", "cs", "at", "ats");
        Properties props = new Properties();
        props.setProperty("restBaseURL", sandbox.restBaseUrl());
        twitter = Twitter.newBuilder().oAuthConsumer("ck", "cs").oAuthAccessToken("at", "ats").load(props).build();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void mentionsWithFieldsExpansionsAndAReplyChain() throws Exception {
        TweetRef first = sandbox.injectMention("alice", "@acme_support my video https://example.com/v #broken", null,
                List.of(new Media("video", "https://video.example.com/clip.mp4", "a clip")));
        var reply = v2.postJson("tweets",
                "{\"text\":\"We are on it!\",\"reply\":{\"in_reply_to_tweet_id\":\"" + first.id() + "\"}}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        String replyId = reply.json().path("data").path("id").asText();
        assertThat(reply.json().path("data").path("text").asText()).isEqualTo("@alice We are on it!");
        TweetRef followUp = sandbox.injectMention("alice", "thanks!", Long.parseLong(replyId), List.of());

        var mentions = v2.get("users/42/mentions?tweet.fields=author_id,conversation_id,created_at,"
                + "in_reply_to_user_id,referenced_tweets,entities,attachments&expansions=author_id,"
                + "referenced_tweets.id,attachments.media_keys&media.fields=variants,preview_image_url,alt_text");
        assertThat(mentions.status()).as(mentions.body()).isEqualTo(200);
        assertThat(mentions.header("x-rate-limit-limit")).isEqualTo("180");
        JsonNode data = mentions.json().path("data");
        assertThat(data).extracting(t -> t.path("id").asText())
                .containsExactly(Long.toString(followUp.id()), Long.toString(first.id()));
        assertThat(twitter.v1().timelines().getMentionsTimeline(Paging.ofSinceId(1)))
                .extracting(Status::getId).containsExactly(followUp.id(), first.id());

        JsonNode thanks = data.get(0);
        long alice = followUp.userId();
        assertThat(thanks.path("text").asText()).isEqualTo("@acme_support thanks!");
        assertThat(thanks.path("author_id").asText()).isEqualTo(Long.toString(alice));
        assertThat(thanks.path("conversation_id").asText()).isEqualTo(Long.toString(first.id()));
        assertThat(thanks.path("in_reply_to_user_id").asText()).isEqualTo("42");
        assertThat(thanks.path("referenced_tweets").toString())
                .isEqualTo("[{\"type\":\"replied_to\",\"id\":\"" + replyId + "\"}]");
        assertThat(thanks.path("edit_history_tweet_ids")).extracting(JsonNode::asText)
                .containsExactly(Long.toString(followUp.id()));
        assertThat(thanks.path("entities").path("mentions").toString())
                .isEqualTo("[{\"start\":0,\"end\":13,\"username\":\"acme_support\",\"id\":\"42\"}]");

        JsonNode video = data.get(1);
        Status v1 = twitter.v1().timelines().getMentionsTimeline(Paging.ofSinceId(1)).get(1);
        assertThat(video.path("text").asText()).isEqualTo(v1.getText());
        assertThat(video.path("conversation_id").asText()).isEqualTo(Long.toString(first.id()));
        assertThat(video.has("referenced_tweets")).isFalse();
        assertThat(video.has("in_reply_to_user_id")).isFalse();
        assertThat(video.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        String mediaKey = "7_" + v1.getMediaEntities()[0].getId();
        assertThat(video.path("attachments").path("media_keys").get(0).asText()).isEqualTo(mediaKey);
        assertThat(video.path("entities").path("urls").get(0).path("expanded_url").asText())
                .isEqualTo("https://example.com/v");
        assertThat(video.path("entities").path("urls").get(1).path("media_key").asText()).isEqualTo(mediaKey);
        assertThat(video.path("entities").path("hashtags").get(0).path("tag").asText()).isEqualTo("broken");

        JsonNode includes = mentions.json().path("includes");
        assertThat(includes.path("users")).extracting(u -> u.path("username").asText()).containsExactly("alice");
        assertThat(includes.path("tweets")).singleElement().satisfies(t -> {
            assertThat(t.path("id").asText()).isEqualTo(replyId);
            assertThat(t.path("author_id").asText()).isEqualTo("42");
            assertThat(t.path("conversation_id").asText()).isEqualTo(Long.toString(first.id()));
        });
        JsonNode media = includes.path("media").get(0);
        assertThat(media.path("media_key").asText()).isEqualTo(mediaKey);
        assertThat(media.path("type").asText()).isEqualTo("video");
        assertThat(media.path("alt_text").asText()).isEqualTo("a clip");
        assertThat(media.path("preview_image_url").asText()).startsWith("https://");
        assertThat(media.path("variants").toString()).isEqualTo(
                "[{\"bit_rate\":832000,\"content_type\":\"video/mp4\",\"url\":\"https://video.example.com/clip.mp4\"}]");
        assertThat(mentions.json().path("meta").toString()).isEqualTo("{\"result_count\":2,\"newest_id\":\""
                + followUp.id() + "\",\"oldest_id\":\"" + first.id() + "\"}");

        // the v2 reply is a tweet in the thread: alice's mentions show it, and it was recorded as sent
        var aliceMentions = v2.get("users/" + alice + "/mentions?tweet.fields=in_reply_to_user_id");
        assertThat(aliceMentions.json().path("data")).singleElement().satisfies(t -> {
            assertThat(t.path("id").asText()).isEqualTo(replyId);
            assertThat(t.path("in_reply_to_user_id").asText()).isEqualTo(Long.toString(alice));
        });
        assertThat(sandbox.sentTweets()).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo(Long.parseLong(replyId));
            assertThat(t.inReplyToStatusId()).isEqualTo(first.id());
            assertThat(t.text()).isEqualTo("@alice We are on it!");
        });
    }

    @Test
    void defaultFieldsPaginationAndSinceId() throws Exception {
        List<TweetRef> refs = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            refs.add(sandbox.injectMention("cust" + (i % 3), "@acme_support number " + i, null, List.of()));
        }
        var firstPage = v2.get("users/42/mentions");
        assertThat(firstPage.json().path("data")).hasSize(10);
        assertThat(firstPage.json().path("data").get(0).toString()).isEqualTo("{\"id\":\"" + refs.get(24).id()
                + "\",\"text\":\"@acme_support number 24\",\"edit_history_tweet_ids\":[\"" + refs.get(24).id() + "\"]}");

        List<String> ids = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String token = null;
        do {
            var page = v2.get("users/42/mentions?max_results=10" + (token == null ? "" : "&pagination_token=" + token));
            page.json().path("data").forEach(t -> ids.add(t.path("id").asText()));
            sizes.add(page.json().path("meta").path("result_count").asInt());
            assertThat(page.json().path("meta").path("newest_id").asText())
                    .isEqualTo(page.json().path("data").get(0).path("id").asText());
            token = page.json().path("meta").path("next_token").asText(null);
        } while (token != null);
        assertThat(sizes).containsExactly(10, 10, 5);
        assertThat(ids).doesNotHaveDuplicates().hasSize(25).first().isEqualTo(Long.toString(refs.get(24).id()));

        var since = v2.get("users/42/mentions?since_id=" + refs.get(19).id() + "&max_results=100");
        assertThat(since.json().path("data")).extracting(t -> t.path("id").asText()).containsExactly(
                Long.toString(refs.get(24).id()), Long.toString(refs.get(23).id()), Long.toString(refs.get(22).id()),
                Long.toString(refs.get(21).id()), Long.toString(refs.get(20).id()));
        var until = v2.get("users/42/mentions?until_id=" + refs.get(2).id());
        assertThat(until.json().path("data")).extracting(t -> t.path("id").asText())
                .containsExactly(Long.toString(refs.get(1).id()), Long.toString(refs.get(0).id()));
        assertThat(v2.get("users/42/mentions?since_id=" + refs.get(24).id()).body())
                .isEqualTo("{\"meta\":{\"result_count\":0}}");

        assertThat(v2.get("users/42/mentions?max_results=4").status()).isEqualTo(400);
        assertThat(v2.get("users/42/mentions?max_results=101").status()).isEqualTo(400);
        assertThat(v2.get("users/42/mentions?since_id=abc").status()).isEqualTo(400);
        var unknown = v2.get("users/999999/mentions");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("title").asText()).isEqualTo("Not Found Error");
        assertThat(v2.get("users/alice/mentions").status()).isEqualTo(400);
    }

    @Test
    void mentionsReachBackEightHundredTweetsAtMost() throws Exception {
        for (int i = 0; i < 805; i++) {
            sandbox.injectMention("cust" + (i % 5), "@acme_support hi " + i, null, List.of());
        }
        int total = 0;
        String token = null;
        do {
            var page = v2.get("users/42/mentions?max_results=100" + (token == null ? "" : "&pagination_token=" + token));
            total += page.json().path("meta").path("result_count").asInt();
            token = page.json().path("meta").path("next_token").asText(null);
        } while (token != null);
        assertThat(total).isEqualTo(800);
    }

    @Test
    void mentionsOfADeactivatedAuthorKeepTheTweetButNotTheUser() throws Exception {
        TweetRef mention = sandbox.injectMention("alice", "@acme_support hello", null, List.of());
        sandbox.deactivateUser("alice");
        var mentions = v2.get("users/42/mentions?expansions=author_id,entities.mentions.username");
        assertThat(mentions.json().path("data").get(0).path("id").asText()).isEqualTo(Long.toString(mention.id()));
        assertThat(mentions.json().path("includes").path("users")).extracting(u -> u.path("id").asText())
                .containsExactly("42");
        assertThat(mentions.json().path("errors")).singleElement().satisfies(e -> {
            assertThat(e.path("resource_id").asText()).isEqualTo(Long.toString(mention.userId()));
            assertThat(e.path("detail").asText()).isEqualTo("Could not find user with ids: [" + mention.userId() + "].");
        });
    }

    @Test
    void createTweetAndItsErrors() throws Exception {
        var created = v2.postJson("tweets", "{\"text\":\"Service notice: all good\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Content-Type")).isEqualTo("application/json;charset=utf-8");
        assertThat(created.header("x-rate-limit-limit")).isEqualTo("200");
        String id = created.json().path("data").path("id").asText();
        assertThat(created.body()).isEqualTo("{\"data\":{\"id\":\"" + id
                + "\",\"text\":\"Service notice: all good\",\"edit_history_tweet_ids\":[\"" + id + "\"]}}");
        assertThat(sandbox.sentTweets()).singleElement().satisfies(t -> {
            assertThat(Long.toString(t.id())).isEqualTo(id);
            assertThat(t.screenName()).isEqualTo("acme_support");
            assertThat(t.inReplyToStatusId()).isNull();
        });

        var duplicate = v2.postJson("tweets", "{\"text\":\"Service notice: all good\"}");
        assertThat(duplicate.status()).isEqualTo(403);
        assertThat(duplicate.body()).isEqualTo("{\"title\":\"Forbidden\",\"detail\":\"You are not allowed to create a"
                + " Tweet with duplicate content.\",\"type\":\"about:blank\",\"status\":403}");

        var tooLong = v2.postJson("tweets", "{\"text\":\"" + "x".repeat(281) + "\"}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().path("errors").get(0).path("message").asText()).startsWith("Your Tweet text is too long.");
        assertThat(v2.postJson("tweets", "{\"text\":\"" + "\u4e2d".repeat(140) + "\"}").status()).isEqualTo(201);

        var unknownReply = v2.postJson("tweets", "{\"text\":\"hi\",\"reply\":{\"in_reply_to_tweet_id\":\"123\"}}");
        assertThat(unknownReply.status()).isEqualTo(404);
        assertThat(unknownReply.json().path("type").asText())
                .isEqualTo("https://api.twitter.com/2/problems/resource-not-found");

        assertThat(v2.postJson("tweets", "{\"text\":\"a poll\",\"poll\":{}}").status()).isEqualTo(400);
        assertThat(v2.postJson("tweets", "{}").status()).isEqualTo(400);
        assertThat(v2.postJson("tweets", "[1]").status()).isEqualTo(400);
        assertThat(v2.send("POST", "tweets", "{\"text\":\"plain\"}", "text/plain").status()).isEqualTo(400);

        var unknownMedia = v2.postJson("tweets", "{\"text\":\"look\",\"media\":{\"media_ids\":[\"1455952740635586573\"]}}");
        assertThat(unknownMedia.status()).isEqualTo(400);
        var upload = v2.postJson("media/upload", "{\"media\":\"R0lGODlhAQABAAAAACw=\",\"media_category\":\"tweet_image\","
                + "\"media_type\":\"image/gif\"}");
        assertThat(upload.status()).as(upload.body()).isEqualTo(200);
        long mediaId = upload.json().path("data").path("id").asLong();
        var withMedia = v2.postJson("tweets", "{\"text\":\"look\",\"media\":{\"media_ids\":[\"" + mediaId + "\"]}}");
        assertThat(withMedia.status()).isEqualTo(201);
        assertThat(sandbox.sentTweets().get(2).mediaIds()).containsExactly(mediaId);
        assertThat(sandbox.sentTweets()).hasSize(3);
    }
}
