package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import twitter4j.Twitter;
import twitter4j.TwitterException;
import twitter4j.v1.DirectMessage;
import twitter4j.v1.Paging;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admin HTTP API, checked against what twitter4j then sees on the /1.1 side. */
class TwitterSandboxAdminApiTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private TwitterSandbox sandbox;
    private Twitter twitter;

    @BeforeEach
    void start() {
        sandbox = new TwitterSandbox().start();
        sandbox.registerAccount(42, "acme_support", "ACME Support", "ck", "cs", "at", "ats");
        Properties props = new Properties();
        props.setProperty("restBaseURL", sandbox.restBaseUrl());
        twitter = Twitter.newBuilder().oAuthConsumer("ck", "cs").oAuthAccessToken("at", "ats").load(props).build();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void adminServerIsSeparateFromTheApi() throws Exception {
        assertThat(sandbox.adminPort()).isNotEqualTo(sandbox.apiPort());
        assertThat(call("GET", sandbox.restBaseUrl().replace("/1.1/", "/sandbox/users"), null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void injectDmAndMentionThenReadThemThroughTwitter4j() throws Exception {
        HttpResponse<String> dm = call("POST", "dms", """
                {"from":"alice","to":"acme_support","text":"see https://example.com/x",
                 "media":[{"type":"photo","url":"https://img.example.com/a.png","altText":"receipt"}]}""");
        assertThat(dm.statusCode()).as(dm.body()).isEqualTo(201);
        assertThat(dm.headers().firstValue("Content-Type")).hasValue("application/json;charset=utf-8");
        long dmId = Long.parseLong(json.readTree(dm.body()).path("id").asText());

        DirectMessage received = twitter.v1().directMessages().getDirectMessages(50).get(0);
        assertThat(received.getId()).isEqualTo(dmId);
        assertThat(received.getMediaEntities()[0].getExtAltText()).isEqualTo("receipt");

        HttpResponse<String> mention = call("POST", "mentions",
                "{\"from\":\"alice\",\"text\":\"@acme_support help\",\"inReplyTo\":null,\"media\":[]}");
        assertThat(mention.statusCode()).isEqualTo(201);
        long tweetId = Long.parseLong(json.readTree(mention.body()).path("id").asText());
        assertThat(twitter.v1().timelines().getMentionsTimeline(Paging.ofSinceId(1)).get(0).getId())
                .isEqualTo(tweetId);

        JsonNode users = json.readTree(call("GET", "users", null).body());
        assertThat(users).extracting(u -> u.path("screenName").asText()).containsExactly("acme_support", "alice");
    }

    @Test
    void sentListsWhatAccountsSent() throws Exception {
        long alice = sandbox.createUser("alice", "Alice").id();
        twitter.v1().directMessages().sendDirectMessage(alice, "Hi Alice");
        twitter.v1().tweets().updateStatus("@alice we replied by DM");

        JsonNode sent = json.readTree(call("GET", "sent", null).body());
        assertThat(sent.path("directMessages").get(0).path("to").asText()).isEqualTo("alice");
        assertThat(sent.path("directMessages").get(0).path("text").asText()).isEqualTo("Hi Alice");
        assertThat(sent.path("tweets").get(0).path("text").asText()).isEqualTo("@alice we replied by DM");
        assertThat(sent.path("tweets").get(0).path("inReplyTo").isNull()).isTrue();
    }

    @Test
    void faultsAndStateReset() throws Exception {
        assertThat(call("POST", "faults", "{\"endpoint\":\"dm_list\",\"status\":503,\"body\":\"down\",\"times\":2}")
                .statusCode()).isEqualTo(204);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> twitter.v1().directMessages().getDirectMessages(50))
                    .isInstanceOfSatisfying(TwitterException.class, e -> assertThat(e.getStatusCode()).isEqualTo(503));
        }
        sandbox.injectDirectMessage("bob", "acme_support", "hello", null);
        assertThat(twitter.v1().directMessages().getDirectMessages(50)).hasSize(1);

        assertThat(call("DELETE", "state", null).statusCode()).isEqualTo(204);
        assertThat(twitter.v1().directMessages().getDirectMessages(50)).isEmpty();
        assertThat(sandbox.user("bob")).isEmpty();
        assertThat(sandbox.user("acme_support")).isPresent();
    }

    @Test
    void badRequestsAreExplained() throws Exception {
        HttpResponse<String> badJson = call("POST", "dms", "{\"from\":");
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(json.readTree(badJson.body()).path("error").asText()).startsWith("invalid JSON");

        HttpResponse<String> missing = call("POST", "dms", "{\"from\":\"alice\",\"text\":\"hi\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("'to'");

        assertThat(call("POST", "dms", "{\"from\":\"alice\",\"to\":\"nobody\",\"text\":\"hi\"}").statusCode())
                .isEqualTo(400);
        assertThat(call("POST", "faults", "{\"endpoint\":\"nope\",\"status\":500}").body())
                .contains("unknown endpoint key");
        assertThat(call("POST", "dms", "{\"text\":\"" + "x".repeat(1024 * 1024) + "\"}").statusCode())
                .isEqualTo(413);
        assertThat(call("GET", "nothing", null).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        String url = path.startsWith("http") ? path : sandbox.adminBaseUrl() + path;
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
