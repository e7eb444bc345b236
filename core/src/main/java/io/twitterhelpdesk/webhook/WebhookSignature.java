package io.twitterhelpdesk.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Account Activity API's security: the CRC answer ({@code sha256=} base64 HMAC-SHA256 of the token, keyed with
 * the app's consumer secret) and the check of {@code x-twitter-webhooks-signature} over the raw body, compared in
 * constant time against every configured consumer secret.
 */
public final class WebhookSignature {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<byte[]> secrets;

    public WebhookSignature(List<String> consumerSecrets) {
        this.secrets = consumerSecrets.stream().distinct().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** Without any consumer secret (only OAuth 2.0 accounts, no webhook.consumer-secret) every request is refused. */
    private void requireSecrets() {
        if (secrets.isEmpty()) {
            throw new WebhookAuthenticationException("the webhook is not configured: no consumer secret "
                    + "(set webhook.consumer-secret, or the accounts' consumer-secret)");
        }
    }

    /** The JSON answer to {@code GET ?crc_token=T}. */
    public String crcResponse(String crcToken) {
        if (crcToken == null || crcToken.isBlank()) {
            throw new InvalidWebhookRequestException("missing_crc_token", "GET needs a crc_token query parameter");
        }
        requireSecrets();
        try {
            return JSON.writeValueAsString(Map.of("response_token",
                    "sha256=" + hmac(secrets.get(0), crcToken.getBytes(StandardCharsets.UTF_8))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Accepts the body only when its signature header matches one of the secrets. */
    public void verify(byte[] body, String signatureHeader) {
        requireSecrets();
        if (signatureHeader == null || !signatureHeader.startsWith("sha256=")) {
            throw new WebhookAuthenticationException("missing or malformed x-twitter-webhooks-signature header");
        }
        byte[] presented = signatureHeader.substring(7).getBytes(StandardCharsets.US_ASCII);
        boolean match = false;
        for (byte[] secret : secrets) {
            match |= MessageDigest.isEqual(hmac(secret, body == null ? new byte[0] : body)
                    .getBytes(StandardCharsets.US_ASCII), presented);
        }
        if (!match) {
            throw new WebhookAuthenticationException("x-twitter-webhooks-signature does not match the body");
        }
    }

    static String hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSignature[" + secrets.size() + " secrets]";
    }
}
