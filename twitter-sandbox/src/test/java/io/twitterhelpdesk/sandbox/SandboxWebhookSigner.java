package io.twitterhelpdesk.sandbox;

/**
 * The sandbox's Account Activity signer ({@link WebhookSigner}, package-private) for tests of other packages: the
 * client side of a webhook signature or CRC answer exactly as the sandbox, standing in for X, computes it.
 */
public final class SandboxWebhookSigner {

    public static final String SIGNATURE_HEADER = WebhookSigner.SIGNATURE_HEADER;

    private SandboxWebhookSigner() {
    }

    /** The {@code x-twitter-webhooks-signature} value X sends with {@code body}. */
    public static String sign(String consumerSecret, byte[] body) {
        return WebhookSigner.sign(consumerSecret, body);
    }

    /** The {@code response_token} X expects for {@code crcToken}. */
    public static String crcResponse(String consumerSecret, String crcToken) {
        return WebhookSigner.crcResponse(consumerSecret, crcToken);
    }
}
