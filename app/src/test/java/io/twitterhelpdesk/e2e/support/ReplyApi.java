package io.twitterhelpdesk.e2e.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An agent's tool on the reply API of one instance: POST a reply, read its status. */
public final class ReplyApi {

    public static final String API_KEY = "sandbox-api-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = TestHttp.client();
    private final String baseUrl;
    private final String apiKey;

    /** {@code apiBaseUrl}: http://host:port of the instance's API server; the sandbox demo key. */
    public ReplyApi(String apiBaseUrl) {
        this(apiBaseUrl, API_KEY);
    }

    public ReplyApi(String apiBaseUrl, String apiKey) {
        this.baseUrl = apiBaseUrl + "/api/v1";
        this.apiKey = apiKey;
    }

    /**
     * POSTs a reply request; retries a 422 (the customer's message is recorded just after its delivery) and a
     * refused connection for a moment. Returns the HTTP status.
     */
    public int post(String replyId, String conversationKey, String text, String mode, Duration timeout) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("replyId", replyId).put("conversationKey", conversationKey)
                .put("text", text);
        if (mode != null) {
            body.put("mode", mode);
        }
        return post(body, timeout);
    }

    /** {@link #post(String, String, String, String, Duration)} with a request body of the caller's making. */
    public int post(ObjectNode body, Duration timeout) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/replies")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("X-API-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        long until = System.nanoTime() + timeout.toNanos();
        int status = send(request);
        while ((status == 422 || status < 0) && System.nanoTime() < until) {
            Thread.sleep(100);
            status = send(request);
        }
        return status;
    }

    /** POSTs a raw request body once and returns the answer (status and problem body). */
    public HttpResponse<String> postBody(String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/replies")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("X-API-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET on the API, e.g. {@code /accounts}. */
    public JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10)).header("X-API-Key", apiKey).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** The reply's status once it is final (sent, rejected, failed), or the last one seen after the timeout. */
    public JsonNode finalStatus(String replyId, Duration timeout) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/replies/" + replyId))
                .timeout(Duration.ofSeconds(10)).header("X-API-Key", apiKey).build();
        long until = System.nanoTime() + timeout.toNanos();
        JsonNode status = JSON.createObjectNode();
        while (System.nanoTime() < until) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                status = JSON.readTree(response.body());
                String s = status.path("status").asText();
                if (!s.equals("queued") && !s.equals("sending")) {
                    return status;
                }
            }
            Thread.sleep(100);
        }
        return status;
    }

    private int send(HttpRequest request) throws Exception {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
