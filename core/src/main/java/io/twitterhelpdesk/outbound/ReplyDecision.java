package io.twitterhelpdesk.outbound;

/** What {@link ReplyPolicy} decided about a reply request, before any call to Twitter. */
public sealed interface ReplyDecision {

    enum Mode { DM, PUBLIC }

    /**
     * Send {@code text} from the company account to the customer: as a Direct Message ({@code inReplyToTweetId}
     * null), or in public under the customer's tweet {@code inReplyToTweetId}. {@code proactive}: a DM to a customer
     * who has not written (mode {@code proactive}); Twitter is asked first whether they accept it, and no DM window
     * applies. {@code recipientScreenName} is null when the connector has not seen the customer.
     */
    record Send(String accountName, long accountId, Mode mode, long recipientId, String recipientScreenName,
                Long inReplyToTweetId, String text, String conversationKey, boolean proactive) implements ReplyDecision {

        public Send(String accountName, long accountId, Mode mode, long recipientId, String recipientScreenName,
                    Long inReplyToTweetId, String text, String conversationKey) {
            this(accountName, accountId, mode, recipientId, recipientScreenName, inReplyToTweetId, text,
                    conversationKey, false);
        }
    }

    /** Do not send; {@code code} is machine-readable, {@code message} tells the agent why. */
    record Reject(String code, String message) implements ReplyDecision {
    }
}
