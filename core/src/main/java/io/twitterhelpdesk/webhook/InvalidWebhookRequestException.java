package io.twitterhelpdesk.webhook;

/** A webhook request the connector cannot read (not JSON, no for_user_id, no crc_token): answered 400. */
public class InvalidWebhookRequestException extends RuntimeException {

    private final String code;

    public InvalidWebhookRequestException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
