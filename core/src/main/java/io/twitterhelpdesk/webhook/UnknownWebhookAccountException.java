package io.twitterhelpdesk.webhook;

/** A webhook event for a Twitter user that is not one of the configured accounts: answered 404. */
public class UnknownWebhookAccountException extends RuntimeException {

    public UnknownWebhookAccountException(String message) {
        super(message);
    }
}
