package io.twitterhelpdesk.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import twitter4j.Twitter;
import twitter4j.TwitterException;
import twitter4j.v1.Relationship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Follower relations, per-user DM settings and revoked credentials: through real twitter4j (v1.1
 * {@code friendships/show}, {@code account/settings}, {@code verify_credentials}, DM send), over v2
 * ({@code users/:id} with {@code receives_your_dm} and {@code connection_status}, DM send) and the admin API.
 */
class TwitterSandboxRelationsTest {

    private static final long ACCOUNT_ID = 42;
    private final ObjectMapper json = new ObjectMapper();
    private TwitterSandbox sandbox;
    private Twitter twitter;
    private V2TestClient v2;
    private long aliceId;

    @BeforeEach
    void start() {
        sandbox = new TwitterSandbox("127.0.0.1", 0, 0).start();
        sandbox.registerAccount(ACCOUNT_ID, "acme_support", "ACME Support", "ck", "cs", "at-42", "ats-42");
        Properties props = new Properties();
        props.setProperty("restBaseURL", sandbox.restBaseUrl());
        twitter = Twitter.newBuilder().oAuthConsumer("ck", "cs").oAuthAccessToken("at-42", "ats-42").load(props)
                .build();
        v2 = V2TestClient.oauth1(sandbox, "ck", "cs", "at-42", "ats-42");
        aliceId = sandbox.createUser("alice", "Alice").id();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void twitter4jReadsFriendshipAndAccountSettings() throws TwitterException {
        sandbox.setAcceptsDirectMessages("alice", false);
        Relationship stranger = twitter.v1().friendsFollowers().showFriendship(ACCOUNT_ID, aliceId);
        sandbox.follow("alice", "acme_support");
        Relationship follower = twitter.v1().friendsFollowers().showFriendship(ACCOUNT_ID, aliceId);

        assertThat(stranger.isTargetFollowingSource()).isFalse();
        assertThat(stranger.canSourceDm()).isFalse();
        assertThat(follower.isTargetFollowingSource()).isTrue();
        assertThat(follower.canSourceDm()).isTrue();
        assertThat(follower.getTargetUserScreenName()).isEqualTo("alice");

        assertThat(twitter.v1().users().getAccountSettings().getAllowDmsFrom()).isEqualTo("all");
        sandbox.setAcceptsDirectMessages("acme_support", false);
        assertThat(twitter.v1().users().getAccountSettings().getAllowDmsFrom()).isEqualTo("following");
    }

    @Test
    void directMessageToAUserWhoNeitherFollowsNorAcceptsEveryoneIsRefusedWith349() throws Exception {
        sandbox.setAcceptsDirectMessages("alice", false);

        TwitterException v1 = catchThrowableOfType(TwitterException.class,
                () -> twitter.v1().directMessages().sendDirectMessage(aliceId, "hello"));
        V2TestClient.Response v2Refused = v2.postJson("dm_conversations/with/" + aliceId + "/messages",
                "{\"text\":\"hello\"}");
        sandbox.follow("alice", "acme_support");
        twitter.v1().directMessages().sendDirectMessage(aliceId, "hello follower");

        assertThat(v1.getStatusCode()).isEqualTo(403);
        assertThat(v1.getErrorCode()).isEqualTo(349);
        assertThat(v2Refused.status()).isEqualTo(403);
        assertThat(v2Refused.json().path("title").asText()).isEqualTo("Forbidden");
        assertThat(sandbox.sentDirectMessages()).extracting(SentDirectMessage::text).containsExactly("hello follower");
    }

    @Test
    void v2UserLookupTellsWhetherTheRequesterMayDirectMessage() throws Exception {
        sandbox.setAcceptsDirectMessages("alice", false);
        JsonNode closed = v2.get("users/" + aliceId + "?user.fields=receives_your_dm,connection_status").json();
        sandbox.follow("alice", "acme_support");
        JsonNode follower = v2.get("users/" + aliceId + "?user.fields=receives_your_dm,connection_status").json();

        assertThat(closed.path("data").path("username").asText()).isEqualTo("alice");
        assertThat(closed.path("data").path("receives_your_dm").asBoolean()).isFalse();
        assertThat(closed.path("data").path("connection_status")).isEmpty();
        assertThat(follower.path("data").path("receives_your_dm").asBoolean()).isTrue();
        assertThat(follower.path("data").path("connection_status").get(0).asText()).isEqualTo("followed_by");
        assertThat(v2.get("users/999999?user.fields=receives_your_dm").status()).isEqualTo(404);
        assertThat(v2.get("users/me").json().path("data").path("id").asText()).isEqualTo("42");
    }

    @Test
    void revokedCredentialsAreRefusedWith401UntilRestored() throws Exception {
        sandbox.revokeCredentials("acme_support");

        TwitterException v1 = catchThrowableOfType(TwitterException.class,
                () -> twitter.v1().users().verifyCredentials());
        V2TestClient.Response v2Refused = v2.get("users/me");
        sandbox.restoreCredentials("acme_support");

        assertThat(v1.getStatusCode()).isEqualTo(401);
        assertThat(v1.getErrorCode()).isEqualTo(89);
        assertThat(v2Refused.status()).isEqualTo(401);
        assertThat(v2Refused.json().path("title").asText()).isEqualTo("Unauthorized");
        assertThat(twitter.v1().users().verifyCredentials().getId()).isEqualTo(ACCOUNT_ID);
        assertThat(v2.get("users/me").status()).isEqualTo(200);
    }

    @Test
    void adminApiSetsFollowsDmSettingsAndRevocations() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String admin = sandbox.adminBaseUrl();

        HttpResponse<String> settings = http.send(HttpRequest.newBuilder(URI.create(admin + "users/alice/dm-settings"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"allowDmsFrom\":\"following\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(admin + "users/alice/dm-settings"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"allowDmsFrom\":\"friends\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> follow = http.send(HttpRequest.newBuilder(URI.create(admin + "follows"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"follower\":\"alice\",\"followed\":\"acme_support\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        boolean canDmFollower = twitter.v1().friendsFollowers().showFriendship(ACCOUNT_ID, aliceId).canSourceDm();
        HttpResponse<String> unfollow = http.send(HttpRequest.newBuilder(URI.create(admin + "follows"))
                .method("DELETE", HttpRequest.BodyPublishers.ofString(
                        "{\"follower\":\"alice\",\"followed\":\"acme_support\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        boolean canDmAfter = twitter.v1().friendsFollowers().showFriendship(ACCOUNT_ID, aliceId).canSourceDm();
        HttpResponse<String> revoke = http.send(HttpRequest.newBuilder(URI.create(admin + "users/acme_support/revoke"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        int revokedStatus = v2.get("users/me").status();
        HttpResponse<String> customer = http.send(HttpRequest.newBuilder(URI.create(admin + "users/alice/revoke"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        http.send(HttpRequest.newBuilder(URI.create(admin + "users/acme_support/restore"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(settings.statusCode()).isEqualTo(200);
        assertThat(json.readTree(settings.body()).path("allowDmsFrom").asText()).isEqualTo("following");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(follow.statusCode()).isEqualTo(204);
        assertThat(canDmFollower).isTrue();
        assertThat(unfollow.statusCode()).isEqualTo(204);
        assertThat(canDmAfter).isFalse();
        assertThat(revoke.statusCode()).isEqualTo(204);
        assertThat(revokedStatus).isEqualTo(401);
        assertThat(customer.statusCode()).as("a customer has no credentials to revoke").isEqualTo(400);
        assertThat(v2.get("users/me").status()).isEqualTo(200);
        assertThat(List.of(sandbox.requestCount("friendships_show"))).containsExactly(2);
    }
}
