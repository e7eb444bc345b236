package io.twitterhelpdesk.e2e.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Account Activity webhook calls as Twitter makes them: event bodies signed with the app's consumer secret. */
public final class WebhookCalls {

    private final HttpClient http = TestHttp.client();
    private final String secret;

    public WebhookCalls(String secret) {
        this.secret = secret;
    }

    /** POSTs the body, signed, to the webhook URL; returns the HTTP status. */
    public int push(String webhookUrl, String body) throws Exception {
        return send(webhookUrl, body).statusCode();
    }

    /** POSTs the body, signed, to the webhook URL; returns the whole answer. */
    public HttpResponse<String> send(String webhookUrl, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(webhookUrl)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("x-twitter-webhooks-signature", "sha256=" + hmac(secret, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A {@code direct_message_events} body: a customer's DM to the account. */
    public static String dmEvent(long accountId, long dmId, long senderId, String screenName, String text) {
        return """
                {"for_user_id":"%d","direct_message_events":[{"type":"message_create","id":"%d",
                 "created_timestamp":"%d","message_create":{"target":{"recipient_id":"%d"},"sender_id":"%d",
                 "message_data":{"text":"%s","entities":{"hashtags":[],"symbols":[],"user_mentions":[],"urls":[]}}}}],
                 "users":{"%d":{"id":"%d","name":"%s","screen_name":"%s"}}}
                """.formatted(accountId, dmId, Instant.now().toEpochMilli(), accountId, senderId, text, senderId,
                senderId, screenName, screenName);
    }

    private static String hmac(String secret, byte[] message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(message));
    }
}
