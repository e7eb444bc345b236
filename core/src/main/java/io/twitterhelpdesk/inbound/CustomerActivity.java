package io.twitterhelpdesk.inbound;

import java.time.Clock;

import io.twitterhelpdesk.conversation.ConversationKey;
import io.twitterhelpdesk.state.ConversationStore;
import io.twitterhelpdesk.envelope.Envelope;
import io.twitterhelpdesk.state.ChannelActivityStore;

/**
 * Remembers, for the reply side, that a customer wrote: which account they DMed and when (the 24-hour window and
 * "reply from the account the customer wrote to last"), and their latest tweet in a public thread (where a public
 * reply goes). Also remembers when the account's channel last delivered a message, by the connector's clock (the
 * silent-channel alert is about the connector seeing nothing). The app's pipeline records a message just before its
 * envelope goes on the queue, so a helpdesk answering at once is not refused; the source Kamelet once delivered.
 */
public final class CustomerActivity {

    private final ConversationStore conversations;
    private final ChannelActivityStore channels;
    private final Clock clock;

    public CustomerActivity(ConversationStore conversations, ChannelActivityStore channels, Clock clock) {
        this.conversations = conversations;
        this.channels = channels;
        this.clock = clock;
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
        channels.messageDelivered(polled.account(), polled.channel(), clock.instant());
    }
}
