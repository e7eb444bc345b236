package io.twitterhelpdesk.outbound;

import java.util.Optional;

import io.twitterhelpdesk.state.ConversationStore;
import io.twitterhelpdesk.state.ReplyLedger;

/**
 * The three limits a reply's send takes a slot of, and gives back together when the send does not happen: the
 * account's {@link DailySendBudget} (rolling 24 hours, in the state database), its {@link SendBudget} at Twitter's
 * rate limits (in memory), and for a DM answering a customer the replies allowed since the customer's last message
 * ({@code maxSendsPerWindow}, {@link ConversationStore#dmSendSlot}).
 */
public final class SendLimits {

    private final DailySendBudget daily;
    private final SendBudget rate;
    private final ConversationStore conversations;
    private final int maxSendsPerWindow;

    public SendLimits(DailySendBudget daily, SendBudget rate, ConversationStore conversations, int maxSendsPerWindow) {
        this.daily = daily;
        this.rate = rate;
        this.conversations = conversations;
        this.maxSendsPerWindow = maxSendsPerWindow;
    }

    /** A slot of the account's daily budget (kept by a resumed reply that holds one), or why not. */
    public Optional<String> takeDaily(OutgoingReply reply) {
        ReplyDecision.Send send = reply.send();
        return daily.take(send.accountName(), send.mode(), reply.replyId());
    }

    /** Gives back the daily slot alone: the reply goes no further than a check between the two takes. */
    public void giveBackDaily(OutgoingReply reply) {
        daily.giveBack(reply.replyId());
    }

    /**
     * After {@link #takeDaily}: a slot of the rate budget, then the reply marked {@code sending} in {@code ledger}, for
     * a DM answering a customer in one commit with one of the replies allowed since their last message (a resumed DM
     * still holds the one it reserved before the stop; a proactive DM has no window): a stop between the two can
     * never leave the slot taken by a reply still queued. Empty when the reply may go; the rejection message when the
     * window's replies are spent. A spent rate budget is thrown, to wait. Either way nothing stays taken when the
     * reply may not go.
     */
    public Optional<String> startSend(OutgoingReply reply, ReplyLedger ledger) throws TwitterRateLimitedException {
        ReplyDecision.Send send = reply.send();
        try {
            rate.take(send.accountName(), send.mode());
        } catch (TwitterRateLimitedException e) {
            daily.giveBack(reply.replyId());
            throw e;
        }
        try {
            if (!reply.isDirectMessage() || reply.isResumed() || send.proactive()) {
                ledger.sending(reply.replyId());
            } else if (!ledger.sending(reply.replyId(),
                    conversations.dmSendSlot(send.accountId(), send.recipientId(), maxSendsPerWindow))) {
                giveBack(reply, false);
                return Optional.of(maxSendsPerWindow + " replies already sent since the customer's last message");
            }
        } catch (RuntimeException e) {
            giveBack(reply, false);
            throw e;
        }
        return Optional.empty();
    }

    /** Gives back every slot a send took: Twitter did not take the reply. */
    public void giveBack(OutgoingReply reply) {
        giveBack(reply, true);
    }

    private void giveBack(OutgoingReply reply, boolean windowTaken) {
        ReplyDecision.Send send = reply.send();
        rate.giveBack(send.accountName(), send.mode());
        daily.giveBack(reply.replyId());
        if (windowTaken && reply.isDirectMessage() && !send.proactive()) {
            conversations.releaseDmSend(send.accountId(), send.recipientId());
        }
    }
}
