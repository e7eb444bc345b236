package io.twitterhelpdesk.delivery;

/** The helpdesk answered 5xx (or 429): the message goes back to the broker and is retried with backoff. */
public class HelpdeskUnavailableException extends RuntimeException {

    public HelpdeskUnavailableException(String message) {
        super(message);
    }
}
