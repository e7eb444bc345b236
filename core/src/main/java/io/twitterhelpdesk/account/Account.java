package io.twitterhelpdesk.account;

import java.time.Duration;

/**
 * One company Twitter account the connector works for, as configured under {@code twitter.account.<name>.*}.
 * The numeric id and screen name may be configured or are resolved from the API at first use.
 * {@code directMessageSilenceAlert} and {@code mentionSilenceAlert} are the "no message for this long" alert
 * thresholds of the two channels, null when the channel has none. {@code ingestion} says how its messages arrive:
 * pollers run only for {@link Ingestion#POLL}; the others are pushed (Account Activity webhook, X Activity API webhook
 * or stream).
 * {@code api} is the Twitter API generation the account is polled and answered through; {@code oauth2} holds its
 * OAuth 2.0 user-context credentials when it authenticates that way ({@code auth=oauth2}, API v2 only), in which
 * case the four OAuth 1.0a credentials may be null.
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
        Ingestion ingestion,
        long directMessagePollDelayMillis,
        long mentionPollDelayMillis,
        String directMessageInbox,
        String mentionInbox,
        Duration directMessageSilenceAlert,
        Duration mentionSilenceAlert,
        ApiVersion api,
        OAuth2Credentials oauth2) {

    /** Whether pollers fetch the account's messages ({@code ingestion=poll}). */
    public boolean polled() {
        return ingestion == Ingestion.POLL;
    }

    /** Whether requests are signed with OAuth 1.0a (the four credentials) rather than an OAuth 2.0 bearer token. */
    public boolean usesOAuth1() {
        return oauth2 == null;
    }

    /** Never print credentials: toString names the account only. */
    @Override
    public String toString() {
        return "Account[" + name + ", @" + screenName + "]";
    }
}
