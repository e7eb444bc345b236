package io.twitterhelpdesk.inbound;

import java.sql.SQLException;
import java.time.Clock;

import io.twitterhelpdesk.conversation.ConversationKey;
import io.twitterhelpdesk.state.ConversationStore;
import io.twitterhelpdesk.envelope.Envelope;
import io.twitterhelpdesk.state.ChannelActivityStore;
import io.twitterhelpdesk.state.GroupCommit;
import io.twitterhelpdesk.state.StateStoreException;

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
    private final GroupCommit commits;
    private final Clock clock;

    /** @param commits the group commit of the state database both stores are on */
    public CustomerActivity(ConversationStore conversations, ChannelActivityStore channels, GroupCommit commits,
            Clock clock) {
        this.conversations = conversations;
        this.channels = channels;
        this.commits = commits;
        this.clock = clock;
    }

    /**
     * Both records in one transaction, committed (with other writes of the moment) before this returns; in a batch of
     * the state database ({@link GroupCommit#begin}: an intake batch), at the batch's commit, before its envelopes
     * leave with the broker's commit.
     */
    public void record(Envelope envelope, PolledMessage polled) {
        long accountId = Long.parseLong(envelope.account().id());
        long customerId = Long.parseLong(envelope.customer().id());
        String screenName = envelope.customer().screenName();
        GroupCommit.Unit<Void> customer;
        // the row each writes, as the order of a batch's writes at its commit
        String customerRow;
        if (Envelope.KIND_DIRECT_MESSAGE.equals(envelope.kind())) {
            customer = conversations.directMessageWritten(accountId, polled.account(), customerId, screenName,
                    polled.id(), envelope.createdAt());
            customerRow = "dm_contact:" + accountId + ":" + customerId;
        } else {
            long root = ConversationKey.parse(envelope.conversationKey()).rootId();
            customer = conversations.tweetWritten(accountId, polled.account(), customerId, screenName, polled.id(),
                    root, envelope.createdAt());
            customerRow = "thread_state:" + root;
        }
        GroupCommit.Unit<Void> channel = channels.messageDeliveredAt(polled.account(), polled.channel(),
                clock.instant());
        try {
            if (commits.batch().isPresent()) {
                // in an intake batch, at its commit: concurrent batches share the channel's row (and may share a
                // customer's), each row locked only while a batch commits, in one order
                commits.writeAtCommit(customerRow, customer);
                // the channel's last message by the connector's clock: the batch's last one carries it
                commits.writeLatestAtCommit("channel_activity:" + polled.account() + ":" + polled.channel(), channel);
            } else {
                commits.write(c -> {
                    customer.run(c);
                    return channel.run(c);
                });
            }
        } catch (SQLException e) {
            throw new StateStoreException("Could not record the message " + polled.id() + " of customer " + customerId
                    + " on " + polled.account() + "/" + polled.channel(), e);
        }
    }
}
