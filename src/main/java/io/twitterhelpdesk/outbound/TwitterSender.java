package io.twitterhelpdesk.outbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.twitterhelpdesk.account.TwitterClients;
import io.twitterhelpdesk.conversation.ConversationStore;
import io.twitterhelpdesk.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import twitter4j.Twitter;
import twitter4j.TwitterException;
import twitter4j.v1.StatusUpdate;

/**
 * Sends an allowed reply with the account's twitter4j client: a DM by recipient id (one request, where
 * camel-twitter's DM producer takes a screen name and looks it up first), or a public reply under the customer's
 * tweet with the reply metadata auto-populated. Records the outcome, and sorts Twitter's errors into retry later
 * (429), retry with backoff (5xx, no connection) and refused for good (any other 4xx).
 */
public final class TwitterSender {

    private static final Logger LOG = LoggerFactory.getLogger(TwitterSender.class);

    private final TwitterClients clients;
    private final ConversationStore conversations;
    private final StateStore state;
    private final Clock clock;
    private final int maxSendsPerWindow;
    private final SendBudget budget;

    public TwitterSender(TwitterClients clients, ConversationStore conversations, StateStore state, Clock clock,
            int maxSendsPerWindow, SendBudget budget) {
        this.budget = budget;
        this.clients = clients;
        this.conversations = conversations;
        this.state = state;
        this.clock = clock;
        this.maxSendsPerWindow = maxSendsPerWindow;
    }

    public ReplyStatus send(OutgoingReply reply)
            throws TwitterRateLimitedException, TwitterUnavailableException, TwitterRefusedException {
        ReplyDecision.Send send = reply.send();
        budget.take(send.accountName(), send.mode());
        if (reply.isDirectMessage()
                && !conversations.reserveDmSend(send.accountId(), send.recipientId(), maxSendsPerWindow)) {
            budget.giveBack(send.accountName(), send.mode());
            String message = maxSendsPerWindow + " replies already sent since the customer's last message";
            conversations.updateReply(reply.replyId(), ReplyStatus.REJECTED, null, "window_limit_reached", message);
            return ReplyStatus.rejected(reply.replyId(), "window_limit_reached", message);
        }
        conversations.updateReply(reply.replyId(), ReplyStatus.SENDING, null, null, null);
        String twitterId;
        try {
            twitterId = reply.isDirectMessage() ? sendDirectMessage(send) : sendPublicReply(send);
        } catch (TwitterException e) {
            budget.giveBack(send.accountName(), send.mode());
            if (reply.isDirectMessage()) {
                conversations.releaseDmSend(send.accountId(), send.recipientId());
            }
            conversations.updateReply(reply.replyId(), ReplyStatus.QUEUED, null, null, null);
            throw refusal(reply, e);
        }
        conversations.updateReply(reply.replyId(), ReplyStatus.SENT, twitterId, null, null);
        LOG.info("Reply {} sent as {} {} from account {}", reply.replyId(),
                reply.isDirectMessage() ? "DM" : "tweet", twitterId, send.accountName());
        return ReplyStatus.sent(reply.replyId(), twitterId);
    }

    private String sendDirectMessage(ReplyDecision.Send send) throws TwitterException {
        Twitter client = clients.client(send.accountName());
        return Long.toString(client.v1().directMessages().sendDirectMessage(send.recipientId(), send.text()).getId());
    }

    private String sendPublicReply(ReplyDecision.Send send) throws TwitterException {
        Twitter client = clients.client(send.accountName());
        long tweetId = client.v1().tweets().updateStatus(StatusUpdate.of(send.text())
                .inReplyToStatusId(send.inReplyToTweetId())
                .autoPopulateReplyMetadata(true)).getId();
        long root = state.threadRoot(send.inReplyToTweetId()).orElse(send.inReplyToTweetId());
        state.recordThread(tweetId, root);
        return Long.toString(tweetId);
    }

    /** Sorts a failed send into retry later, retry with backoff, or refused; a refusal is the return value. */
    private TwitterRefusedException refusal(OutgoingReply reply, TwitterException e)
            throws TwitterRateLimitedException, TwitterUnavailableException {
        String who = "reply " + reply.replyId() + " from account " + reply.send().accountName();
        if (e.exceededRateLimitation()) {
            Instant reset = e.getRateLimitStatus() != null && e.getRateLimitStatus().getResetTimeInSeconds() > 0
                    ? Instant.ofEpochSecond(e.getRateLimitStatus().getResetTimeInSeconds())
                    : clock.instant().plus(Duration.ofMinutes(1));
            throw new TwitterRateLimitedException("Twitter rate limit for " + who + ": retrying after " + reset, reset);
        }
        if (e.getStatusCode() >= 500 || e.getStatusCode() <= 0) {
            throw new TwitterUnavailableException("Twitter unavailable for " + who + ": " + describe(e), e);
        }
        String code = e.getErrorCode() > 0 ? Integer.toString(e.getErrorCode()) : "http_" + e.getStatusCode();
        return new TwitterRefusedException(code, e.getErrorMessage() != null ? e.getErrorMessage()
                : "Twitter answered HTTP " + e.getStatusCode());
    }

    private static String describe(TwitterException e) {
        if (e.getStatusCode() > 0) {
            return "HTTP " + e.getStatusCode() + (e.getErrorMessage() != null ? " " + e.getErrorMessage() : "");
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
