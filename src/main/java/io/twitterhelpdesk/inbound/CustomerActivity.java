package io.twitterhelpdesk.inbound;

import io.twitterhelpdesk.conversation.ConversationKey;
import io.twitterhelpdesk.conversation.ConversationStore;
import io.twitterhelpdesk.envelope.Envelope;

/**
 * Remembers, for the reply side, that a customer wrote: which account they DMed and when (the 24-hour window and
 * "reply from the account the customer wrote to last"), and their latest tweet in a public thread (where a public
 * reply goes). Recorded once the envelope is delivered.
 */
public final class CustomerActivity {

    private final ConversationStore conversations;

    public CustomerActivity(ConversationStore conversations) {
        this.conversations = conversations;
    }

    public void record(Envelope envelope, PolledMessage polled) {
        long accountId = Long.parseLong(envelope.account().id());
        long customerId = Long.parseLong(envelope.customer().id());
        String screenName = envelope.customer().screenName();
        if (Envelope.KIND_DIRECT_MESSAGE.equals(envelope.kind())) {
            conversations.customerWroteDirectMessage(accountId, polled.account(), customerId, screenName,
                    polled.id(), envelope.createdAt());
        } else {
            long root = ConversationKey.parse(envelope.conversationKey()).rootId();
            conversations.customerWroteTweet(accountId, polled.account(), customerId, screenName, polled.id(), root,
                    envelope.createdAt());
        }
    }
}
