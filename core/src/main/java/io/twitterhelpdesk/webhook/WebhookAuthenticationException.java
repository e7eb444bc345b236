package io.twitterhelpdesk.webhook;

/** A webhook POST whose signature is missing or wrong: answered 401, nothing enqueued. */
public class WebhookAuthenticationException extends RuntimeException {

    public WebhookAuthenticationException(String message) {
        super(message);
    }
}
