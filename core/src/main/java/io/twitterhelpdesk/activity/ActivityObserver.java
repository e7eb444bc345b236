package io.twitterhelpdesk.activity;

/** What {@link ActivityEvents} tells about every X Activity API envelope it reads (for metrics and health). */
public interface ActivityObserver {

    /** An envelope was read; {@code accountName} is null when its user is not a configured account. */
    void received(String accountName, String source, String eventType);

    /** An event, or one DM or post inside it, was acknowledged and left out, with a short reason. */
    void ignored(String source, String eventType, String reason);

    /** The user of a configured account revoked the app's access ({@code oauth.revoke}). */
    void revoked(String accountName);
}
