package io.twitterhelpdesk.state;

import java.time.Instant;

/** A public mention thread (by its root tweet) and the customer's latest tweet in it. */
public record ThreadState(long rootId, long accountId, String accountName, long customerId, String customerScreenName,
                          long lastCustomerTweetId, Instant lastCustomerMessageAt) {
}
