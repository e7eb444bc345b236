package io.twitterhelpdesk.outbound;

/** What {@link ReplyPolicy} decided about a reply request, before any call to Twitter. */
public sealed interface ReplyDecision {

    enum Mode { DM, PUBLIC }

    /**
     * Send {@code text} from the company account to the customer: as a Direct Message ({@code inReplyToTweetId}
     * null), or in public under the customer's tweet {@code inReplyToTweetId}.
     */
    record Send(String accountName, long accountId, Mode mode, long recipientId, String recipientScreenName,
                Long inReplyToTweetId, String text, String conversationKey) implements ReplyDecision {
    }

    /** Do not send; {@code code} is machine-readable, {@code message} tells the agent why. */
    record Reject(String code, String message) implements ReplyDecision {
    }
}
