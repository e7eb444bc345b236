package io.twitterhelpdesk.outbound;

/** Twitter could not be reached or answered 5xx: worth retrying with backoff. */
public class TwitterUnavailableException extends Exception {

    public TwitterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
