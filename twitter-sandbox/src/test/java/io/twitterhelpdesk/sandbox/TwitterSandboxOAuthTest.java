package io.twitterhelpdesk.sandbox;

import io.twitterhelpdesk.sandbox.OAuth1Verifier.Param;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The OAuth 1.0a signer on its own and raw signed requests that twitter4j would not send. */
class TwitterSandboxOAuthTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private TwitterSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = new TwitterSandbox().start();
        sandbox.registerAccount(7, "acme_support", "ACME", "ck", "consumer-secret", "tok", "token-secret");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void signatureMatchesTwitterDocumentationExample() {
        List<Param> params = List.of(
                new Param("include_entities", "true"),
                new Param("status", "Hello Ladies + Gentlemen, a signed OAuth request!"),
                new Param("oauth_consumer_key", "xvz1evFS4wEEPTGEFPHBog"),
                new Param("oauth_nonce", "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg"),
                new Param("oauth_signature_method", "HMAC-SHA1"),
                new Param("oauth_timestamp", "1318622958"),
                new Param("oauth_token", "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb"),
                new Param("oauth_version", "1.0"));
        assertThat(OAuth1Verifier.sign("POST", "https://api.twitter.com/1.1/statuses/update.json", params,
                "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw", "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE"))
                .isEqualTo("hCtSmYh+iHYCEqBWrE7C7hYmtUk=");
    }

    @Test
    void formBodyIsDecodedBeforeSigningAndContentTypeParametersAreTolerated() throws Exception {
        String body = "status=Tilde%7E+and+plus%2B+%F0%9F%98%80&include_entities=true";
        List<Param> signed = new ArrayList<>(OAuth1Verifier.decodeForm(body));
        HttpResponse<String> ok = send("POST", "statuses/update.json", body,
                "application/x-www-form-urlencoded;charset=UTF-8", signed, "consumer-secret", "token-secret");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Content-Type")).hasValue("application/json;charset=utf-8");
        assertThat(ok.headers().firstValue("x-rate-limit-limit")).hasValue("300");
        assertThat(ok.headers().firstValue("x-rate-limit-remaining")).hasValue("299");
        assertThat(sandbox.sentTweets()).singleElement()
                .satisfies(t -> assertThat(t.text()).isEqualTo("Tilde~ and plus+ \uD83D\uDE00"));

        HttpResponse<String> wrongSecret = send("POST", "statuses/update.json", "status=other",
                "application/x-www-form-urlencoded", OAuth1Verifier.decodeForm("status=other"), "consumer-secret",
                "not-the-secret");
        assertUnauthorized(wrongSecret);
    }

    @Test
    void queryParametersAreSignedAndTamperingIsRefused() throws Exception {
        List<Param> signed = List.of(new Param("count", "5"));
        assertThat(send("GET", "direct_messages/events/list.json?count=5", null, null, signed, "consumer-secret",
                "token-secret").statusCode()).isEqualTo(200);
        assertUnauthorized(send("GET", "direct_messages/events/list.json?count=6", null, null, signed,
                "consumer-secret", "token-secret"));
    }

    @Test
    void missingAuthorizationIsRefused() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(sandbox.restBaseUrl() + "account/verify_credentials.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertUnauthorized(response);
    }

    @Test
    void unknownPathAnswersTwitterStyle404() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(sandbox.restBaseUrl() + "statuses/home_timeline.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"errors\":[{\"code\":34,\"message\":\"Sorry, that page does not exist.\"}]}");
    }

    @Test
    void staleTimestampIsRefusedWithCode135() throws Exception {
        HttpResponse<String> response = send("GET", "account/verify_credentials.json", null, null, List.of(),
                "consumer-secret", "token-secret", Instant.now().minusSeconds(3600));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"code\":135");
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=utf-8");
        assertThat(response.body()).isEqualTo("{\"errors\":[{\"code\":32,\"message\":\"Could not authenticate you.\"}]}");
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String body, String contentType,
                                      List<Param> requestParams, String consumerSecret, String tokenSecret)
            throws IOException, InterruptedException {
        return send(method, pathAndQuery, body, contentType, requestParams, consumerSecret, tokenSecret,
                Instant.now());
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String body, String contentType,
                                      List<Param> requestParams, String consumerSecret, String tokenSecret,
                                      Instant timestamp) throws IOException, InterruptedException {
        URI uri = URI.create(sandbox.restBaseUrl() + pathAndQuery);
        List<Param> oauth = List.of(new Param("oauth_consumer_key", "ck"), new Param("oauth_nonce", "-12345"),
                new Param("oauth_signature_method", "HMAC-SHA1"),
                new Param("oauth_timestamp", Long.toString(timestamp.getEpochSecond())),
                new Param("oauth_token", "tok"), new Param("oauth_version", "1.0"));
        List<Param> all = new ArrayList<>(oauth);
        all.addAll(requestParams);
        String baseUrl = "http://127.0.0.1:" + sandbox.apiPort() + uri.getRawPath();
        String signature = OAuth1Verifier.sign(method, baseUrl, all, consumerSecret, tokenSecret);
        String header = "OAuth " + oauth.stream()
                .map(p -> p.name() + "=\"" + OAuth1Verifier.encode(p.value()) + "\"")
                .collect(Collectors.joining(",")) + ",oauth_signature=\"" + OAuth1Verifier.encode(signature) + "\"";
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Authorization", header)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
