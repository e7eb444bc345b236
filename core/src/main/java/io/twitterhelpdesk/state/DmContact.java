package io.twitterhelpdesk.state;

import java.time.Instant;

/** A company account and a customer who sent it a Direct Message: the customer's latest message and the replies since. */
public record DmContact(long accountId, String accountName, long customerId, String customerScreenName,
                        Instant lastCustomerMessageAt, long lastCustomerMessageId, int sendsSinceCustomerMessage) {
}
