package io.twitterhelpdesk.sandbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** v2 rate limits, injected faults, unknown paths and body limits. */
class TwitterSandboxV2LimitsTest {

    private static final String TOO_MANY =
            "{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\",\"type\":\"about:blank\",\"status\":429}";

    private TwitterSandbox sandbox;
    private V2TestClient v2;

    @BeforeEach
    void start() {
        sandbox = new TwitterSandbox().start();
        sandbox.registerAccount(42, "acme_support", "ACME Support", "ck", "cs", "at", "ats");
        v2 = V2TestClient.oauth1(sandbox, "ck", "cs", "at", "ats");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void exhaustedRateLimitAnswers429WithHeadersPerEndpointAndUser() throws Exception {
        sandbox.setRateLimit("v2_dm_events", 2, Duration.ofMinutes(15));
        var first = v2.get("dm_events");
        assertThat(first.header("x-rate-limit-limit")).isEqualTo("2");
        assertThat(first.header("x-rate-limit-remaining")).isEqualTo("1");
        v2.get("dm_events");

        var refused = v2.get("dm_events");
        long now = Instant.now().getEpochSecond();
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Content-Type")).isEqualTo("application/json;charset=utf-8");
        assertThat(refused.body()).isEqualTo(TOO_MANY);
        assertThat(refused.header("x-rate-limit-limit")).isEqualTo("2");
        assertThat(refused.header("x-rate-limit-remaining")).isEqualTo("0");
        assertThat(Long.parseLong(refused.header("x-rate-limit-reset"))).isBetween(now + 800, now + 901);

        // other endpoints have their own window; the same user over OAuth 2.0 shares this one
        assertThat(v2.get("users/me").status()).isEqualTo(200);
        sandbox.registerOAuth2Client("app", null);
        OAuth2Grant grant = sandbox.issueOAuth2Tokens("acme_support", "app", null);
        assertThat(V2TestClient.bearer(sandbox, grant.accessToken()).get("dm_events").status()).isEqualTo(429);
        assertThat(sandbox.requestCount("v2_dm_events")).isEqualTo(4);
        assertThat(sandbox.requestCount("v2_users_me")).isEqualTo(1);

        sandbox.disableRateLimits();
        assertThat(v2.get("dm_events").status()).isEqualTo(200);
    }

    @Test
    void injectedFaultsReplaceTheNextAnswers() throws Exception {
        sandbox.failNext("v2_tweets", 503, "{\"title\":\"Service Unavailable\",\"status\":503}", 1);
        long reset = Instant.now().plusSeconds(120).getEpochSecond();
        sandbox.failNextWithRateLimit("v2_dm_send", Instant.ofEpochSecond(reset), 1);
        sandbox.failNext("v2_mentions", 200, "{\"data\":[{\"id\":", 1);
        sandbox.failNext("v2_oauth2_token", 500, "oops", 1);

        var unavailable = v2.postJson("tweets", "{\"text\":\"hello\"}");
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.body()).isEqualTo("{\"title\":\"Service Unavailable\",\"status\":503}");
        assertThat(v2.postJson("tweets", "{\"text\":\"hello\"}").status()).isEqualTo(201);

        long alice = sandbox.createUser("alice", "Alice").id();
        var limited = v2.postJson("dm_conversations/with/" + alice + "/messages", "{\"text\":\"hi\"}");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.body()).isEqualTo(TOO_MANY);
        assertThat(limited.header("x-rate-limit-remaining")).isEqualTo("0");
        assertThat(limited.header("x-rate-limit-reset")).isEqualTo(Long.toString(reset));
        assertThat(limited.header("x-rate-limit-limit")).isEqualTo("200");
        assertThat(v2.postJson("dm_conversations/with/" + alice + "/messages", "{\"text\":\"hi\"}").status())
                .isEqualTo(201);

        var broken = V2TestClient.send(HttpRequest.newBuilder(URI.create(sandbox.v2BaseUrl() + "users/42/mentions"))
                .build());
        assertThat(broken.status()).isEqualTo(200);
        assertThat(broken.body()).isEqualTo("{\"data\":[{\"id\":");
        var tokenFault = V2TestClient.send(HttpRequest.newBuilder(URI.create(sandbox.oauth2TokenUrl()))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token")).build());
        assertThat(tokenFault.status()).isEqualTo(500);

        assertThat(sandbox.sentTweets()).hasSize(1);
        assertThat(sandbox.sentDirectMessages()).hasSize(1);
        assertThat(sandbox.requestCount("v2_tweets")).isEqualTo(2);
        assertThat(sandbox.requestCount("v2_dm_send")).isEqualTo(2);
    }

    @Test
    void unknownPathsAndMethodsAnswerA404Problem() throws Exception {
        for (var response : new V2TestClient.Response[] {v2.get("users/me/followers"), v2.get("tweets"),
                v2.send("DELETE", "dm_events", null, null), v2.get("oauth2/token")}) {
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.header("Content-Type")).isEqualTo("application/json;charset=utf-8");
            assertThat(response.json().path("status").asInt()).isEqualTo(404);
            assertThat(response.json().path("title").asText()).isEqualTo("Not Found Error");
        }
        // v1.1 stays on its own paths
        assertThat(V2TestClient.send(HttpRequest.newBuilder(URI.create(sandbox.restBaseUrl() + "users/me")).build())
                .body()).contains("\"code\":34");
    }

    @Test
    void oversizedBodiesAreRefused() throws Exception {
        var large = v2.postJson("tweets", "{\"text\":\"" + "x".repeat(1024 * 1024) + "\"}");
        assertThat(large.status()).isEqualTo(413);
        assertThat(large.json().path("status").asInt()).isEqualTo(413);
        assertThat(sandbox.sentTweets()).isEmpty();
    }

    @Test
    void urlsOfTheV2Api() {
        assertThat(sandbox.v2BaseUrl()).isEqualTo("http://127.0.0.1:" + sandbox.apiPort() + "/2/");
        assertThat(sandbox.oauth2TokenUrl()).isEqualTo("http://127.0.0.1:" + sandbox.apiPort() + "/2/oauth2/token");
        assertThat(SandboxEndpoint.ofKey("v2_dm_events").v2()).isTrue();
        assertThat(SandboxEndpoint.ofKey("dm_list").v2()).isFalse();
    }
}
