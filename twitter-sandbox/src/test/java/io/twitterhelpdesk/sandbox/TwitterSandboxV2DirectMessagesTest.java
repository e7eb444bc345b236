package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import twitter4j.Twitter;
import twitter4j.TwitterException;
import twitter4j.v1.DirectMessage;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** X API v2 users/me and DMs, read and sent over HTTP, checked against what twitter4j sees on /1.1. */
class TwitterSandboxV2DirectMessagesTest {

    private static final long ACCOUNT_ID = 42;
    private final ObjectMapper json = new ObjectMapper();
    private TwitterSandbox sandbox;
    private V2TestClient v2;
    private Twitter twitter;

    @BeforeEach
    void start() {
        sandbox = new TwitterSandbox().start();
        sandbox.registerAccount(ACCOUNT_ID, "acme_support", "ACME Support", "ck", "cs~+/ x", "at-42", "ats*&=");
        v2 = V2TestClient.oauth1(sandbox, "ck", "cs~+/ x", "at-42", "ats*&=");
        Properties props = new Properties();
        props.setProperty("restBaseURL", sandbox.restBaseUrl());
        twitter = Twitter.newBuilder().oAuthConsumer("ck", "cs~+/ x").oAuthAccessToken("at-42", "ats*&=")
                .load(props).build();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void usersMeAnswersTheAuthenticatedAccountWithRateLimitHeaders() throws Exception {
        var me = v2.get("users/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.header("Content-Type")).isEqualTo("application/json;charset=utf-8");
        assertThat(me.body()).isEqualTo("{\"data\":{\"id\":\"42\",\"name\":\"ACME Support\",\"username\":\"acme_support\"}}");
        assertThat(me.header("x-rate-limit-limit")).isEqualTo("75");
        assertThat(me.header("x-rate-limit-remaining")).isEqualTo("74");
        assertThat(Long.parseLong(me.header("x-rate-limit-reset")))
                .isBetween(System.currentTimeMillis() / 1000 + 890, System.currentTimeMillis() / 1000 + 901);

        var withFields = v2.get("users/me?user.fields=created_at,receives_your_dm,public_metrics");
        assertThat(withFields.json().path("data").path("created_at").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(withFields.json().path("data").path("receives_your_dm").asBoolean()).isTrue();
        assertThat(withFields.json().path("data").path("public_metrics").path("followers_count").asInt()).isZero();
    }

    @Test
    void dmEventsWithFieldsAndExpansionsShowTheSameTextAsV1() throws Exception {
        DirectMessageRef injected = sandbox.injectDirectMessage("alice", "acme_support",
                "My order is broken, see https://example.com/orders/123 #help",
                List.of(Media.photo("https://cdn.example.com/broken.jpg", "a cracked mug")));
        long alice = injected.senderId();
        var sent = v2.postJson("dm_conversations/with/" + alice + "/messages", "{\"text\":\"Sorry @alice, on it\"}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);

        var list = v2.get("dm_events?dm_event.fields=id,text,event_type,sender_id,dm_conversation_id,created_at,"
                + "participant_ids,attachments,entities&expansions=sender_id,attachments.media_keys"
                + "&media.fields=url,alt_text,preview_image_url&user.fields=username");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.header("x-rate-limit-limit")).isEqualTo("300");
        JsonNode data = list.json().path("data");
        assertThat(data).hasSize(2);
        assertThat(list.json().path("meta").toString()).isEqualTo("{\"result_count\":2}");

        JsonNode reply = data.get(0);
        assertThat(reply.path("id").asText()).isEqualTo(sent.json().path("data").path("dm_event_id").asText());
        assertThat(reply.path("text").asText()).isEqualTo("Sorry @alice, on it");
        assertThat(reply.path("sender_id").asText()).isEqualTo("42");
        assertThat(reply.path("dm_conversation_id").asText()).isEqualTo("42-" + alice);
        assertThat(reply.path("entities").path("mentions").get(0).path("username").asText()).isEqualTo("alice");

        JsonNode received = data.get(1);
        DirectMessage v1 = twitter.v1().directMessages().getDirectMessages(50).get(1);
        assertThat(received.path("id").asText()).isEqualTo(Long.toString(injected.id())).isEqualTo(Long.toString(v1.getId()));
        assertThat(received.path("text").asText()).isEqualTo(v1.getText());
        assertThat(received.path("event_type").asText()).isEqualTo("MessageCreate");
        assertThat(received.path("sender_id").asText()).isEqualTo(Long.toString(alice));
        assertThat(received.path("dm_conversation_id").asText()).isEqualTo("42-" + alice);
        assertThat(received.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(received.path("participant_ids")).extracting(JsonNode::asText)
                .containsExactly("42", Long.toString(alice));
        String mediaKey = "3_" + v1.getMediaEntities()[0].getId();
        assertThat(received.path("attachments").toString()).isEqualTo("{\"media_keys\":[\"" + mediaKey + "\"]}");
        JsonNode urls = received.path("entities").path("urls");
        assertThat(urls).hasSize(2);
        assertThat(urls.get(0).path("url").asText()).isEqualTo(v1.getURLEntities()[0].getURL());
        assertThat(urls.get(0).path("expanded_url").asText()).isEqualTo("https://example.com/orders/123");
        assertThat(urls.get(0).path("start").asInt()).isEqualTo(v1.getURLEntities()[0].getStart());
        assertThat(urls.get(0).path("end").asInt()).isEqualTo(v1.getURLEntities()[0].getEnd());
        assertThat(urls.get(0).has("display_url")).isTrue();
        assertThat(urls.get(1).path("media_key").asText()).isEqualTo(mediaKey);
        assertThat(urls.get(1).path("url").asText()).isEqualTo(v1.getMediaEntities()[0].getURL());
        assertThat(received.path("entities").path("hashtags").get(0).path("tag").asText()).isEqualTo("help");

        JsonNode includes = list.json().path("includes");
        assertThat(includes.path("users")).extracting(u -> u.path("username").asText())
                .containsExactly("acme_support", "alice");
        assertThat(includes.path("users").get(1).toString())
                .isEqualTo("{\"id\":\"" + alice + "\",\"name\":\"alice\",\"username\":\"alice\"}");
        assertThat(includes.path("media").toString()).isEqualTo("[{\"media_key\":\"" + mediaKey
                + "\",\"type\":\"photo\",\"url\":\"https://cdn.example.com/broken.jpg\",\"alt_text\":\"a cracked mug\"}]");
        assertThat(list.json().has("errors")).isFalse();
    }

    @Test
    void defaultFieldsAreOnlyIdEventTypeAndText() throws Exception {
        DirectMessageRef dm = sandbox.injectDirectMessage("alice", "acme_support", "hello", List.of());
        var list = v2.get("dm_events");
        assertThat(list.body()).isEqualTo("{\"data\":[{\"id\":\"" + dm.id()
                + "\",\"event_type\":\"MessageCreate\",\"text\":\"hello\"}],\"meta\":{\"result_count\":1}}");
        assertThat(v2.get("dm_events?event_types=ParticipantsJoin").body()).isEqualTo("{\"meta\":{\"result_count\":0}}");
        assertThat(v2.get("dm_events?event_types=MessageCreate").json().path("data")).hasSize(1);
    }

    @Test
    void nothingYetAnswersAnEmptyMetaOnly() throws Exception {
        var list = v2.get("dm_events");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).isEqualTo("{\"meta\":{\"result_count\":0}}");
    }

    @Test
    void paginatesTwoHundredFiftyEventsInThreePagesNewestFirst() throws Exception {
        for (int i = 0; i < 250; i++) {
            sandbox.injectDirectMessage("cust" + (i % 7), "acme_support", "message " + i, List.of());
        }
        List<String> texts = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        do {
            var page = v2.get("dm_events?max_results=100" + (token == null ? "" : "&pagination_token=" + token));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().path("data").forEach(e -> {
                texts.add(e.path("text").asText());
                ids.add(Long.parseLong(e.path("id").asText()));
            });
            pageSizes.add(page.json().path("meta").path("result_count").asInt());
            token = page.json().path("meta").path("next_token").asText(null);
        } while (token != null);

        assertThat(pageSizes).containsExactly(100, 100, 50);
        assertThat(texts.get(0)).isEqualTo("message 249");
        assertThat(texts.get(249)).isEqualTo("message 0");
        assertThat(ids).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(v2.get("dm_events").json().path("data")).hasSize(100);
    }

    @Test
    void invalidParametersAnswerInvalidRequestProblems() throws Exception {
        var tooMany = v2.get("dm_events?max_results=500");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.header("Content-Type")).isEqualTo("application/json;charset=utf-8");
        assertThat(tooMany.body()).isEqualTo("{\"errors\":[{\"parameters\":{\"max_results\":[\"500\"]},"
                + "\"message\":\"The `max_results` query parameter value [500] is not between 1 and 100\"}],"
                + "\"title\":\"Invalid Request\",\"detail\":\"One or more parameters to your request was invalid.\","
                + "\"type\":\"https://api.twitter.com/2/problems/invalid-request\"}");
        assertThat(v2.get("dm_events?max_results=0").status()).isEqualTo(400);

        var badToken = v2.get("dm_events?pagination_token=nope");
        assertThat(badToken.status()).isEqualTo(400);
        assertThat(badToken.json().path("errors").get(0).path("parameters").path("pagination_token").get(0).asText())
                .isEqualTo("nope");

        var badField = v2.get("dm_events?dm_event.fields=id,colour");
        assertThat(badField.status()).isEqualTo(400);
        assertThat(badField.json().path("errors").get(0).path("message").asText())
                .startsWith("The `dm_event.fields` query parameter value [colour] is not one of [attachments,");
        var unknownParameter = v2.get("dm_events?count=5");
        assertThat(unknownParameter.status()).isEqualTo(400);
        assertThat(unknownParameter.json().path("errors").get(0).path("message").asText())
                .startsWith("The query parameter [count] is not one of [");
    }

    @Test
    void sendShowsInBothApisAndInWhatWasSent() throws Exception {
        long alice = sandbox.createUser("alice", "Alice").id();
        var sent = v2.postJson("dm_conversations/with/" + alice + "/messages",
                "{\"text\":\"Hello Alice, details at https://help.example.com/a\"}");

        assertThat(sent.status()).isEqualTo(201);
        assertThat(sent.header("Content-Type")).isEqualTo("application/json;charset=utf-8");
        assertThat(sent.header("x-rate-limit-limit")).isEqualTo("200");
        String eventId = sent.json().path("data").path("dm_event_id").asText();
        assertThat(sent.json().path("data").path("dm_conversation_id").asText()).isEqualTo("42-" + alice);
        assertThat(sent.json().path("data").size()).isEqualTo(2);

        DirectMessage v1 = twitter.v1().directMessages().getDirectMessages(50).get(0);
        assertThat(v1.getId()).isEqualTo(Long.parseLong(eventId));
        assertThat(v1.getSenderId()).isEqualTo(ACCOUNT_ID);
        assertThat(v1.getRecipientId()).isEqualTo(alice);
        assertThat(v1.getText()).startsWith("Hello Alice, details at https://t.co/");
        assertThat(sandbox.sentDirectMessages()).singleElement().satisfies(dm -> {
            assertThat(dm.id()).isEqualTo(v1.getId());
            assertThat(dm.toScreenName()).isEqualTo("alice");
            assertThat(dm.text()).isEqualTo(v1.getText());
            assertThat(dm.mediaIds()).isEmpty();
        });
        JsonNode adminSent = json.readTree(admin("GET", "sent", null).body());
        assertThat(adminSent.path("directMessages").get(0).path("id").asText()).isEqualTo(eventId);
        assertThat(adminSent.path("directMessages").get(0).path("to").asText()).isEqualTo("alice");
    }

    @Test
    void sendWithAnUploadedMediaAttachmentRecordsTheMediaAndItsBytes() throws Exception {
        long alice = sandbox.createUser("alice", "Alice").id();
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 1, 2, 3};
        var upload = v2.postJson("media/upload", "{\"media\":\"" + java.util.Base64.getEncoder().encodeToString(png)
                + "\",\"media_category\":\"dm_image\",\"media_type\":\"image/png\"}");
        assertThat(upload.status()).as(upload.body()).isEqualTo(200);
        String mediaId = upload.json().path("data").path("id").asText();
        assertThat(upload.json().path("data").path("expires_after_secs").asLong()).isEqualTo(86_400);

        var sent = v2.postJson("dm_conversations/with/" + alice + "/messages",
                "{\"text\":\"the label\",\"attachments\":[{\"media_id\":\"" + mediaId + "\"}]}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        var list = v2.get("dm_events?dm_event.fields=attachments&expansions=attachments.media_keys");
        assertThat(list.json().path("data").get(0).path("attachments").path("media_keys").get(0).asText())
                .isEqualTo("3_" + mediaId);
        assertThat(list.json().path("includes").path("media").get(0).path("type").asText()).isEqualTo("photo");
        assertThat(sandbox.sentDirectMessages()).singleElement().satisfies(dm -> {
            assertThat(dm.text()).isEqualTo("the label");
            assertThat(dm.mediaIds()).containsExactly(Long.parseLong(mediaId));
        });
        assertThat(twitter.v1().directMessages().getDirectMessages(50).get(0).getMediaEntities()[0].getId())
                .isEqualTo(Long.parseLong(mediaId));
        String sha256 = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(png));
        JsonNode media = json.readTree(admin("GET", "sent", null).body()).path("directMessages").get(0).path("media");
        assertThat(media.get(0).path("mediaId").asText()).isEqualTo(mediaId);
        assertThat(media.get(0).path("contentType").asText()).isEqualTo("image/png");
        assertThat(media.get(0).path("size").asInt()).isEqualTo(png.length);
        assertThat(media.get(0).path("sha256").asText()).isEqualTo(sha256);
        assertThat(sandbox.mediaSha256(Long.parseLong(mediaId))).contains(sha256);
    }

    @Test
    void sendNamingAMediaIdNobodyUploadedIsRefused() throws Exception {
        long alice = sandbox.createUser("alice", "Alice").id();
        var refused = v2.postJson("dm_conversations/with/" + alice + "/messages",
                "{\"text\":\"the label\",\"attachments\":[{\"media_id\":\"1455952740635586573\"}]}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("type").asText()).isEqualTo("https://api.twitter.com/2/problems/invalid-request");
        assertThat(sandbox.sentDirectMessages()).isEmpty();
    }

    @Test
    void sendErrors() throws Exception {
        long alice = sandbox.createUser("alice", "Alice").id();
        sandbox.createUser("quiet", "Quiet");
        sandbox.setAcceptsDirectMessages("quiet", false);
        long quiet = sandbox.user("quiet").orElseThrow().id();

        var refused = v2.postJson("dm_conversations/with/" + quiet + "/messages", "{\"text\":\"hi\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("detail").asText())
                .isEqualTo("You are not permitted to send Direct Messages to this user.");
        assertThat(refused.json().path("title").asText()).isEqualTo("Forbidden");
        assertThat(refused.json().path("status").asInt()).isEqualTo(403);

        var unknown = v2.postJson("dm_conversations/with/999999/messages", "{\"text\":\"hi\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("type").asText()).isEqualTo("https://api.twitter.com/2/problems/resource-not-found");

        var tooLong = v2.postJson("dm_conversations/with/" + alice + "/messages",
                "{\"text\":\"" + "x".repeat(10_001) + "\"}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(v2.postJson("dm_conversations/with/" + alice + "/messages",
                "{\"text\":\"" + "x".repeat(10_000) + "\"}").status()).isEqualTo(201);

        assertThat(v2.send("POST", "dm_conversations/with/" + alice + "/messages", "text=hi",
                "application/x-www-form-urlencoded").status()).isEqualTo(400);
        var badJson = v2.postJson("dm_conversations/with/" + alice + "/messages", "{\"text\":");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.json().path("type").asText()).isEqualTo("https://api.twitter.com/2/problems/invalid-request");
        assertThat(v2.postJson("dm_conversations/with/" + alice + "/messages", "{}").status()).isEqualTo(400);
        assertThat(v2.postJson("dm_conversations/with/abc/messages", "{\"text\":\"hi\"}").status()).isEqualTo(400);
        assertThat(sandbox.sentDirectMessages()).hasSize(1);
    }

    @Test
    void aDmInjectedThroughTheAdminApiIsSeenByTwitter4jAndV2() throws Exception {
        var injected = admin("POST", "dms", "{\"from\":\"bob\",\"to\":\"acme_support\",\"text\":\"where is it?\"}");
        assertThat(injected.statusCode()).isEqualTo(201);
        String id = json.readTree(injected.body()).path("id").asText();

        DirectMessage v1 = twitter.v1().directMessages().getDirectMessages(50).get(0);
        JsonNode v2Event = v2.get("dm_events?dm_event.fields=sender_id").json().path("data").get(0);
        assertThat(Long.toString(v1.getId())).isEqualTo(id);
        assertThat(v2Event.path("id").asText()).isEqualTo(id);
        assertThat(v2Event.path("text").asText()).isEqualTo(v1.getText()).isEqualTo("where is it?");
        assertThat(v2Event.path("sender_id").asText()).isEqualTo(Long.toString(v1.getSenderId()));
    }

    @Test
    void aDeactivatedUserBecomesAPartialErrorAndDisappearsFromV1Lookups() throws Exception {
        DirectMessageRef dm = sandbox.injectDirectMessage("alice", "acme_support", "bye", List.of());
        assertThat(admin("POST", "users/alice/deactivate", null).statusCode()).isEqualTo(204);

        var list = v2.get("dm_events?dm_event.fields=sender_id&expansions=sender_id,participant_ids");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().path("data").get(0).path("id").asText()).isEqualTo(Long.toString(dm.id()));
        assertThat(list.json().path("includes").path("users")).extracting(u -> u.path("id").asText())
                .containsExactly("42");
        String id = Long.toString(dm.senderId());
        assertThat(list.json().path("errors").toString()).isEqualTo("[{\"value\":\"" + id
                + "\",\"detail\":\"Could not find user with ids: [" + id + "].\",\"title\":\"Not Found Error\","
                + "\"resource_type\":\"user\",\"parameter\":\"ids\",\"resource_id\":\"" + id
                + "\",\"type\":\"https://api.twitter.com/2/problems/resource-not-found\"}]");

        assertThat(twitter.v1().directMessages().getDirectMessages(50)).hasSize(1);
        assertThatThrownBy(() -> twitter.v1().users().showUser("alice"))
                .isInstanceOfSatisfying(TwitterException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getErrorCode()).isEqualTo(50);
                });
        assertThatThrownBy(() -> twitter.v1().users().lookupUsers("alice"))
                .isInstanceOfSatisfying(TwitterException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getErrorCode()).isEqualTo(17);
                });
        assertThat(v2.postJson("dm_conversations/with/" + id + "/messages", "{\"text\":\"hi\"}").status())
                .isEqualTo(404);
        assertThat(admin("POST", "users/nobody/deactivate", null).statusCode()).isEqualTo(400);
    }

    @Test
    void resetReactivatesUsers() {
        sandbox.createUser("alice", "Alice");
        sandbox.deactivateUser("acme_support");
        sandbox.reset();
        assertThat(sandbox.user("alice")).isEmpty();
        assertThat(twitterShowsAccount()).isTrue();
    }

    private boolean twitterShowsAccount() {
        try {
            return twitter.v1().users().showUser("acme_support").getId() == ACCOUNT_ID;
        } catch (TwitterException e) {
            return false;
        }
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.adminBaseUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
