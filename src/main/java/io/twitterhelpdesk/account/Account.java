package io.twitterhelpdesk.account;

import java.time.Duration;

/**
 * One company Twitter account the connector works for, as configured under {@code twitter.account.<name>.*}.
 * The numeric id and screen name may be configured or are resolved from the API at first use.
 * {@code directMessageSilenceAlert} and {@code mentionSilenceAlert} are the "no message for this long" alert
 * thresholds of the two channels, null when the channel has none. {@code polled} is false for an account whose
 * messages come by the Account Activity webhook only ({@code ingestion=webhook}): no pollers run for it.
 */
public record Account(
        String name,
        String consumerKey,
        String consumerSecret,
        String accessToken,
        String accessTokenSecret,
        String screenName,
        boolean directMessagesEnabled,
        boolean mentionsEnabled,
        boolean polled,
        long directMessagePollDelayMillis,
        long mentionPollDelayMillis,
        String directMessageInbox,
        String mentionInbox,
        Duration directMessageSilenceAlert,
        Duration mentionSilenceAlert) {

    /** Never print credentials: toString names the account only. */
    @Override
    public String toString() {
        return "Account[" + name + ", @" + screenName + "]";
    }
}
