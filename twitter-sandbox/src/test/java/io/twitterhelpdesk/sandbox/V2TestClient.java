package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import twitter4j.Authorization;
import twitter4j.OAuthAuthorization;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A minimal X API v2 client for tests: plain {@link HttpClient} requests, authorised either with an OAuth 1.0a
 * header computed by twitter4j's own signer ({@link OAuthAuthorization}) or with an OAuth 2.0 bearer token.
 */
final class V2TestClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An answer: status, headers, raw body and the body parsed as JSON (a missing node when empty or not JSON). */
    record Response(int status, HttpHeaders headers, String body, JsonNode json) {

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final TwitterSandbox sandbox;
    private final OAuthAuthorization oauth1;
    private final String bearer;

    private V2TestClient(TwitterSandbox sandbox, OAuthAuthorization oauth1, String bearer) {
        this.sandbox = sandbox;
        this.oauth1 = oauth1;
        this.bearer = bearer;
    }

    static V2TestClient oauth1(TwitterSandbox sandbox, String consumerKey, String consumerSecret, String token,
                               String tokenSecret) {
        return new V2TestClient(sandbox, OAuthAuthorization.newBuilder().oAuthConsumer(consumerKey, consumerSecret)
                .oAuthAccessToken(token, tokenSecret).build(), null);
    }

    static V2TestClient bearer(TwitterSandbox sandbox, String accessToken) {
        return new V2TestClient(sandbox, null, accessToken);
    }

    /** {@code GET /2/<pathAndQuery>}. */
    Response get(String pathAndQuery) throws IOException, InterruptedException {
        return send("GET", pathAndQuery, null, null);
    }

    /** {@code POST /2/<path>} with a JSON body (not part of the OAuth 1.0a signature). */
    Response postJson(String path, String json) throws IOException, InterruptedException {
        return send("POST", path, json, "application/json; charset=UTF-8");
    }

    Response send(String method, String pathAndQuery, String body, String contentType)
            throws IOException, InterruptedException {
        String url = sandbox.v2BaseUrl() + pathAndQuery;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (oauth1 != null) {
            request.header("Authorization", twitter4jOAuthHeader(oauth1, method, url));
        } else if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    static Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode json;
        try {
            json = response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            json = JSON.missingNode();
        }
        return new Response(response.statusCode(), response.headers(), response.body(), json);
    }

    /**
     * The header twitter4j itself would send for this request: its {@code HttpRequest} and {@code RequestMethod} are
     * package-private, so they are built reflectively; the query is signed, no body parameters.
     */
    static String twitter4jOAuthHeader(OAuthAuthorization authorization, String method, String url) {
        try {
            Class<?> methodType = Class.forName("twitter4j.RequestMethod");
            Class<?> requestType = Class.forName("twitter4j.HttpRequest");
            Class<?> parametersType = Class.forName("[Ltwitter4j.HttpParameter;");
            Constructor<?> constructor = requestType.getConstructor(methodType, String.class, parametersType,
                    Authorization.class, Map.class);
            constructor.setAccessible(true);
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object requestMethod = Enum.valueOf((Class) methodType, method);
            Object request = constructor.newInstance(requestMethod, url, null, authorization, Map.of());
            Method header = OAuthAuthorization.class.getMethod("getAuthorizationHeader", requestType);
            return (String) header.invoke(authorization, request);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot use twitter4j's OAuth signer", e);
        }
    }
}
