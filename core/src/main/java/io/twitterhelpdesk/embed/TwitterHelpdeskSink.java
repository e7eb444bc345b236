package io.twitterhelpdesk.embed;

import javax.sql.DataSource;

import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.config.Settings;
import io.twitterhelpdesk.outbound.OutgoingReply;
import io.twitterhelpdesk.outbound.ReplyStatus;
import io.twitterhelpdesk.outbound.TwitterRateLimitedException;
import io.twitterhelpdesk.outbound.TwitterRefusedException;
import io.twitterhelpdesk.outbound.TwitterUnavailableException;
import twitter4j.TwitterException;

/**
 * The local bean of the Kamelet {@code twitter-helpdesk-sink}: a reply request (the connector's JSON) checked by the
 * connector's {@code ReplyProcessor} and {@code ReplyPolicy} against what the account's source recorded in the same
 * state database, and sent by its {@code TwitterSender} from this Kamelet's account (a request without accountId is
 * answered from it; one naming another account is rejected).
 */
public final class TwitterHelpdeskSink extends KameletAccount {

    private ConnectorBeans.Replies replies;
    private long accountId;
    private ConnectorBeans.TwitterAccess twitter;

    @Override
    protected void doStart() {
        Settings settings = settings();
        AccountRegistry registry = registry(settings);
        DataSource state = database();
        ConnectorBeans.TwitterAccess shared = accounts().twitter(this, stateUrl(), state, registry, settings);
        twitter = new ConnectorBeans.TwitterAccess(registry, shared.clients(), shared.xApi());
        replies = ConnectorBeans.replies(settings, twitter, state, getClock());
    }

    /**
     * An {@code OutgoingReply} to send, or the {@code ReplyStatus} to answer at once (rejected, or the first outcome
     * of a replyId seen before).
     */
    public Object prepare(String body) throws TwitterUnavailableException {
        return replies.processor().prepareFrom(body, accountId());
    }

    /** Sends an allowed reply; 429 and a spent budget, and Twitter unavailable, are thrown for the caller to retry. */
    public ReplyStatus send(OutgoingReply reply)
            throws TwitterRateLimitedException, TwitterUnavailableException, TwitterRefusedException {
        return replies.sender().send(reply);
    }

    /** Records and returns the final failure of a reply Twitter refused. */
    public ReplyStatus failed(String replyId, String code, String message) {
        return replies.processor().failed(replyId, code, message);
    }

    /** The account's numeric id, asked from Twitter once; Twitter not answering is a wait, as for a send. */
    private long accountId() throws TwitterUnavailableException {
        if (accountId == 0) {
            try {
                accountId = twitter.clients().accountId(accountName());
            } catch (TwitterException e) {
                throw new TwitterUnavailableException("Could not ask Twitter for the id of account " + accountName()
                        + " (HTTP " + e.getStatusCode() + "): the reply waits", e);
            }
        }
        return accountId;
    }
}
