package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP side of X's webhooks, shared by the Account Activity webhook and the V2 webhooks of the X Activity API:
 * the CRC check ({@code GET <url>?crc_token=T}) and signed POSTs, each bounded by X's 3 s timeout.
 */
final class WebhookTransport {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();
    private final SecureRandom random = new SecureRandom();

    /** The status of a POST of {@code body} signed with {@code secret}, or -1 without an answer within the timeout. */
    int post(URI target, String secret, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(target).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header(WebhookSigner.SIGNATURE_HEADER, WebhookSigner.sign(secret, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<Void> response = send(request, HttpResponse.BodyHandlers.discarding());
        return response == null ? -1 : response.statusCode();
    }

    /** A description of what is wrong with the CRC answer of {@code uri}, or null if it is right. */
    String crcFailure(URI uri, String secret) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        URI crcUri = URI.create(uri + (uri.getRawQuery() == null ? "?" : "&") + "crc_token=" + token);
        HttpResponse<String> response = send(HttpRequest.newBuilder(crcUri).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response == null) {
            return "no HTTP answer within " + TIMEOUT.toSeconds() + " s (or connection refused) to GET " + crcUri;
        }
        if (response.statusCode() != 200) {
            return "GET " + crcUri + " answered HTTP " + response.statusCode() + ", 200 is required";
        }
        JsonNode answer;
        try {
            answer = TwitterJson.MAPPER.readTree(response.body());
        } catch (IOException e) {
            answer = null;
        }
        JsonNode responseToken = answer == null ? null : answer.get("response_token");
        if (responseToken == null || !responseToken.isTextual()) {
            return "the answer is not JSON with a \"response_token\" string: " + abbreviate(response.body());
        }
        String expected = WebhookSigner.crcResponse(secret, token);
        if (!expected.equals(responseToken.asText())) {
            return "response_token \"" + abbreviate(responseToken.asText()) + "\" is wrong: expected \"" + expected
                    + "\" = \"sha256=\" + base64(HMAC-SHA256(key = consumer secret, message = crc_token))";
        }
        return null;
    }

    /** Sends with an overall bound of {@link #TIMEOUT}; null on timeout or connection failure. */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        CompletableFuture<HttpResponse<T>> future = http.sendAsync(request, handler);
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            future.cancel(true);
            return null;
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The URL as a URI when it is an absolute http(s) URL without fragment; null otherwise. */
    static URI absoluteHttpUri(String url) {
        URI uri;
        try {
            uri = url == null ? null : new URI(url);
        } catch (URISyntaxException e) {
            return null;
        }
        if (uri == null || uri.getHost() == null || uri.getFragment() != null
                || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            return null;
        }
        return uri;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
