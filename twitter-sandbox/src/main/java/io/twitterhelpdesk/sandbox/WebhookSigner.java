package io.twitterhelpdesk.sandbox;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Account Activity API signatures: {@code sha256=} + base64(HMAC-SHA256(key = consumer secret, message)), used both
 * for the CRC {@code response_token} (message = the crc_token) and the {@code x-twitter-webhooks-signature} header
 * (message = the raw body).
 */
final class WebhookSigner {

    static final String SIGNATURE_HEADER = "x-twitter-webhooks-signature";

    private WebhookSigner() {
    }

    static String sign(String consumerSecret, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(consumerSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + Base64.getEncoder().encodeToString(mac.doFinal(message));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The expected {@code response_token} for a CRC token. */
    static String crcResponse(String consumerSecret, String crcToken) {
        return sign(consumerSecret, crcToken.getBytes(StandardCharsets.UTF_8));
    }
}
