package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import twitter4j.OAuthAuthorization;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** v2 authentication: OAuth 1.0a (twitter4j's signer) and OAuth 2.0 bearer tokens with rotating refresh tokens. */
class TwitterSandboxV2AuthTest {

    private static final String UNAUTHORIZED =
            "{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,\"detail\":\"Unauthorized\"}";
    private static final String INVALID_TOKEN =
            "{\"error\":\"invalid_request\",\"error_description\":\"Value passed for the token was invalid.\"}";

    private final ObjectMapper json = new ObjectMapper();
    private TwitterSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = new TwitterSandbox().start();
        sandbox.registerAccount(42, "acme_support", "ACME Support", "ck", "cs", "at", "ats");
        sandbox.registerOAuth2Client("public-app", null);
        sandbox.registerOAuth2Client("server-app", "server-secret");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void oauth1SignedByTwitter4jIsAcceptedAndABadSignatureIsNot() throws Exception {
        assertThat(V2TestClient.oauth1(sandbox, "ck", "cs", "at", "ats").get("users/me?user.fields=created_at")
                .status()).isEqualTo(200);
        for (V2TestClient bad : new V2TestClient[] {V2TestClient.oauth1(sandbox, "ck", "wrong", "at", "ats"),
                V2TestClient.oauth1(sandbox, "ck", "cs", "at", "wrong"),
                V2TestClient.oauth1(sandbox, "ck", "cs", "unknown", "ats")}) {
            assertUnauthorized(bad.get("users/me"));
            assertUnauthorized(bad.postJson("tweets", "{\"text\":\"not signed right\"}"));
        }
        assertThat(sandbox.sentTweets()).isEmpty();

        // the query is signed: a header signed for another query is refused
        OAuthAuthorization oauth = OAuthAuthorization.newBuilder().oAuthConsumer("ck", "cs")
                .oAuthAccessToken("at", "ats").build();
        String header = V2TestClient.twitter4jOAuthHeader(oauth, "GET", sandbox.v2BaseUrl() + "dm_events?max_results=5");
        assertUnauthorized(V2TestClient.send(HttpRequest.newBuilder(
                URI.create(sandbox.v2BaseUrl() + "dm_events?max_results=6")).header("Authorization", header).build()));
        assertThat(V2TestClient.send(HttpRequest.newBuilder(URI.create(sandbox.v2BaseUrl() + "dm_events?max_results=5"))
                .header("Authorization", header).build()).status()).isEqualTo(200);

        assertUnauthorized(V2TestClient.send(HttpRequest.newBuilder(URI.create(sandbox.v2BaseUrl() + "users/me"))
                .build()));
    }

    @Test
    void bearerTokensIssuedByTheSandboxWorkUntilExpiredOrUnknown() throws Exception {
        OAuth2Grant grant = sandbox.issueOAuth2Tokens("acme_support", "public-app", Duration.ofHours(2));
        assertThat(grant.accessToken()).hasSizeGreaterThan(30).isNotEqualTo(grant.refreshToken());
        assertThat(grant.accessTokenExpiresAt()).isBetween(Instant.now().plusSeconds(7100), Instant.now().plusSeconds(7201));
        assertThat(grant.toString()).doesNotContain(grant.accessToken());

        var me = V2TestClient.bearer(sandbox, grant.accessToken()).get("users/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("data").path("id").asText()).isEqualTo("42");
        var sent = V2TestClient.bearer(sandbox, grant.accessToken()).postJson("tweets", "{\"text\":\"by bearer\"}");
        assertThat(sent.status()).isEqualTo(201);

        assertUnauthorized(V2TestClient.bearer(sandbox, "not-a-token").get("users/me"));
        assertUnauthorized(V2TestClient.bearer(sandbox, grant.refreshToken()).get("users/me"));

        OAuth2Grant shortLived = sandbox.issueOAuth2Tokens("acme_support", "public-app", Duration.ofMillis(300));
        assertThat(V2TestClient.bearer(sandbox, shortLived.accessToken()).get("users/me").status()).isEqualTo(200);
        Thread.sleep(400);
        assertUnauthorized(V2TestClient.bearer(sandbox, shortLived.accessToken()).get("users/me"));

        sandbox.expireOAuth2AccessTokens();
        assertUnauthorized(V2TestClient.bearer(sandbox, grant.accessToken()).get("users/me"));
        OAuth2Grant later = sandbox.issueOAuth2Tokens("acme_support", "public-app", null);
        assertThat(V2TestClient.bearer(sandbox, later.accessToken()).get("users/me").status()).isEqualTo(200);

        assertThatThrownBy(() -> sandbox.issueOAuth2Tokens("acme_support", "no-such-app", null))
                .isInstanceOf(IllegalArgumentException.class);
        sandbox.createUser("alice", "Alice");
        assertThatThrownBy(() -> sandbox.issueOAuth2Tokens("alice", "public-app", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refreshTokensRotate() throws Exception {
        OAuth2Grant grant = sandbox.issueOAuth2Tokens("acme_support", "public-app", Duration.ofHours(2));

        var refreshed = token(null, "grant_type=refresh_token&refresh_token=" + enc(grant.refreshToken())
                + "&client_id=public-app");
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(refreshed.header("Content-Type")).isEqualTo("application/json;charset=utf-8");
        JsonNode body = refreshed.json();
        assertThat(body.path("token_type").asText()).isEqualTo("bearer");
        assertThat(body.path("expires_in").asLong()).isBetween(7190L, 7200L);
        assertThat(body.path("scope").asText())
                .isEqualTo("tweet.read tweet.write users.read dm.read dm.write offline.access");
        String access = body.path("access_token").asText();
        String refresh = body.path("refresh_token").asText();
        assertThat(access).isNotEqualTo(grant.accessToken());
        assertThat(refresh).isNotEqualTo(grant.refreshToken());

        assertThat(V2TestClient.bearer(sandbox, access).get("users/me").status()).isEqualTo(200);
        // the previous access token of the grant is revoked, the used refresh token refused
        assertUnauthorized(V2TestClient.bearer(sandbox, grant.accessToken()).get("users/me"));
        var reused = token(null, "grant_type=refresh_token&refresh_token=" + enc(grant.refreshToken())
                + "&client_id=public-app");
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.body()).isEqualTo(INVALID_TOKEN);

        // expiry leaves refresh tokens valid
        sandbox.expireOAuth2AccessTokens();
        assertUnauthorized(V2TestClient.bearer(sandbox, access).get("users/me"));
        var again = token(null, "grant_type=refresh_token&refresh_token=" + enc(refresh) + "&client_id=public-app");
        assertThat(again.status()).isEqualTo(200);
        assertThat(V2TestClient.bearer(sandbox, again.json().path("access_token").asText()).get("users/me").status())
                .isEqualTo(200);
        assertThat(sandbox.requestCount("v2_oauth2_token")).isEqualTo(3);
    }

    @Test
    void tokenEndpointChecksTheClient() throws Exception {
        OAuth2Grant server = sandbox.issueOAuth2Tokens("acme_support", "server-app", null);
        OAuth2Grant pub = sandbox.issueOAuth2Tokens("acme_support", "public-app", null);

        var wrongSecret = token(basic("server-app", "nope"), "grant_type=refresh_token&refresh_token="
                + enc(server.refreshToken()));
        assertThat(wrongSecret.status()).isEqualTo(401);
        assertThat(wrongSecret.json().path("error").asText()).isEqualTo("unauthorized_client");
        var noBasic = token(null, "grant_type=refresh_token&refresh_token=" + enc(server.refreshToken())
                + "&client_id=server-app");
        assertThat(noBasic.status()).isEqualTo(401);

        var otherClientsToken = token(basic("server-app", "server-secret"), "grant_type=refresh_token&refresh_token="
                + enc(pub.refreshToken()));
        assertThat(otherClientsToken.status()).isEqualTo(400);
        assertThat(otherClientsToken.body()).isEqualTo(INVALID_TOKEN);
        var badGrant = token(basic("server-app", "server-secret"), "grant_type=authorization_code&code=x");
        assertThat(badGrant.body()).isEqualTo(INVALID_TOKEN);
        assertThat(token(null, "grant_type=refresh_token&refresh_token=" + enc(pub.refreshToken())
                + "&client_id=unknown").body()).isEqualTo(INVALID_TOKEN);
        assertThat(token(null, "grant_type=refresh_token&refresh_token=unknown&client_id=public-app").body())
                .isEqualTo(INVALID_TOKEN);

        var ok = token(basic("server-app", "server-secret"), "grant_type=refresh_token&refresh_token="
                + enc(server.refreshToken()) + "&client_id=server-app");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(V2TestClient.bearer(sandbox, ok.json().path("access_token").asText()).get("dm_events").status())
                .isEqualTo(200);
    }

    @Test
    void adminApiRegistersClientsIssuesAndExpiresTokens() throws Exception {
        assertThat(admin("POST", "oauth2/clients", "{\"clientId\":\"helpdesk\",\"clientSecret\":\"s3\"}").statusCode())
                .isEqualTo(201);
        HttpResponse<String> issued = admin("POST", "oauth2/tokens",
                "{\"screenName\":\"acme_support\",\"clientId\":\"helpdesk\",\"ttlSeconds\":600}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        JsonNode tokens = json.readTree(issued.body());
        assertThat(Instant.parse(tokens.path("accessTokenExpiresAt").asText()))
                .isBetween(Instant.now().plusSeconds(590), Instant.now().plusSeconds(601));
        V2TestClient bearer = V2TestClient.bearer(sandbox, tokens.path("accessToken").asText());
        assertThat(bearer.get("users/me").status()).isEqualTo(200);

        assertThat(admin("POST", "oauth2/expire", null).statusCode()).isEqualTo(204);
        assertUnauthorized(bearer.get("users/me"));
        var refreshed = token(basic("helpdesk", "s3"), "grant_type=refresh_token&refresh_token="
                + enc(tokens.path("refreshToken").asText()));
        assertThat(refreshed.status()).isEqualTo(200);

        assertThat(admin("POST", "oauth2/tokens", "{\"screenName\":\"acme_support\",\"clientId\":\"nope\"}")
                .statusCode()).isEqualTo(400);
        assertThat(admin("POST", "oauth2/clients", "{\"clientId\":\"helpdesk\",\"clientSecret\":\"other\"}")
                .statusCode()).isEqualTo(400);
    }

    @Test
    void resetKeepsClientsAndGrants() throws Exception {
        OAuth2Grant grant = sandbox.issueOAuth2Tokens("acme_support", "public-app", null);
        sandbox.reset();
        assertThat(V2TestClient.bearer(sandbox, grant.accessToken()).get("users/me").status()).isEqualTo(200);
        assertThat(token(null, "grant_type=refresh_token&refresh_token=" + enc(grant.refreshToken())
                + "&client_id=public-app").status()).isEqualTo(200);
    }

    private static void assertUnauthorized(V2TestClient.Response response) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Content-Type")).isEqualTo("application/json;charset=utf-8");
        assertThat(response.body()).isEqualTo(UNAUTHORIZED);
    }

    private V2TestClient.Response token(String authorization, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.oauth2TokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return V2TestClient.send(request.build());
    }

    private static String basic(String clientId, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
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
