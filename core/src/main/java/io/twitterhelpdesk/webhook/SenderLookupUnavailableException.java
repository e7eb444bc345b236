package io.twitterhelpdesk.webhook;

import twitter4j.TwitterException;

/**
 * A pushed DM or post names a user that is not in its body, and X could not be asked who it is right now (5xx, 429,
 * no connection). The event is valid: it is not skipped but refused for now, so the webhook answers 503 (X retries,
 * an X Activity gap is replayed) and the stream hands the line again. A refusal that will not pass by itself (401,
 * 403) is not this: such an event is skipped as unreadable, so one account cannot hold up the others.
 */
public final class SenderLookupUnavailableException extends RuntimeException {

    public SenderLookupUnavailableException(String what, TwitterException cause) {
        super("The sender of " + what + " could not be looked up now (HTTP " + cause.getStatusCode() + ": "
                + EventBodies.reason(cause) + ")", cause);
    }

    /** Whether X may well answer a later try: a 5xx, a 429, or no answer at all. */
    public static boolean passes(TwitterException e) {
        return e.getStatusCode() >= 500 || e.getStatusCode() == 429 || e.getStatusCode() <= 0
                || e.isCausedByNetworkIssue();
    }
}
