package io.twitterhelpdesk.inbound;

import java.time.Clock;

import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.xapi.TwitterClients;
import io.twitterhelpdesk.conversation.ConversationLifecycle;
import io.twitterhelpdesk.conversation.ConversationLifecycle.Placement;
import io.twitterhelpdesk.envelope.Envelope;
import io.twitterhelpdesk.envelope.Envelope.AccountRef;
import io.twitterhelpdesk.envelope.EnvelopeMapper;
import io.twitterhelpdesk.envelope.V2EnvelopeMapper;
import io.twitterhelpdesk.inbound.PolledMessage.V2Item;
import io.twitterhelpdesk.state.StateStore;
import twitter4j.TwitterException;
import twitter4j.v1.Status;

/**
 * Turns a polled or pushed DM or mention into the v1 envelope: the account's id and inbox, and for mentions the thread the
 * tweet belongs to (its conversation key), remembered in the state store so later replies join the same thread; and
 * the conversation of that key the message belongs to ({@link ConversationLifecycle}: a new one after a close or a
 * long silence), decided and written before the envelope is delivered.
 */
public final class InboundEnvelopes {

    private final AccountRegistry accounts;
    private final TwitterClients clients;
    private final StateStore state;
    private final ConversationLifecycle lifecycle;
    private final Clock clock;

    public InboundEnvelopes(AccountRegistry accounts, TwitterClients clients, StateStore state,
                            ConversationLifecycle lifecycle, Clock clock) {
        this.accounts = accounts;
        this.clients = clients;
        this.state = state;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    public Envelope toEnvelope(PolledMessage message) throws TwitterException {
        Envelope envelope = map(message);
        Placement placement = lifecycle.arrived(envelope.conversationKey(), message.id(), envelope.id(),
                envelope.createdAt());
        return envelope.inConversation(placement.conversationId(), placement.newConversation());
    }

    private Envelope map(PolledMessage message) throws TwitterException {
        Account account = accounts.get(message.account());
        AccountRef ref = new AccountRef(Long.toString(clients.accountId(message.account())), account.screenName());
        if (message.v2() != null) {
            return fromV2(message, account, ref);
        }
        if (PolledMessage.DM.equals(message.channel())) {
            return EnvelopeMapper.fromDirectMessage(message.directMessage(), ref, message.customer(),
                    account.directMessageInbox(), message.source(), clock.instant());
        }
        Status status = message.mention();
        long root = threadRoot(status);
        return EnvelopeMapper.fromMention(status, ref, Long.toString(root), account.mentionInbox(), message.source(),
                clock.instant());
    }

    /** An X API v2 DM or mention; a mention's thread is its {@code conversation_id}, remembered for replies. */
    private Envelope fromV2(PolledMessage message, Account account, AccountRef ref) {
        V2Item v2 = message.v2();
        if (PolledMessage.DM.equals(message.channel())) {
            return V2EnvelopeMapper.fromDirectMessage(v2.item(), v2.includes(), ref, message.customer(),
                    account.directMessageInbox(), message.source(), clock.instant());
        }
        long parent = V2EnvelopeMapper.repliedTo(v2.item()).map(Long::parseLong).orElse(0L);
        long root = v2.item().path("conversation_id").asLong(0);
        if (root <= 0) {
            root = parent > 0 ? state.threadRoot(parent).orElse(parent) : message.id();
        }
        state.recordThread(message.id(), root);
        return V2EnvelopeMapper.fromMention(v2.item(), v2.includes(), ref, message.customer(), Long.toString(root),
                account.mentionInbox(), message.source(), clock.instant());
    }

    /** The root of the tweet's thread: the root of the tweet it answers if known, else that tweet, else itself. */
    private long threadRoot(Status status) {
        long parent = status.getInReplyToStatusId();
        long root = parent > 0 ? state.threadRoot(parent).orElse(parent) : status.getId();
        state.recordThread(status.getId(), root);
        return root;
    }
}
