package io.twitterhelpdesk.embed;

import javax.sql.DataSource;

import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.config.Settings;
import io.twitterhelpdesk.config.StateConfig;
import io.twitterhelpdesk.outbound.OutgoingReply;
import org.apache.camel.Exchange;
import io.twitterhelpdesk.outbound.ReplyProcessor;
import io.twitterhelpdesk.outbound.ReplyStatus;
import io.twitterhelpdesk.outbound.TwitterRateLimitedException;
import io.twitterhelpdesk.outbound.TwitterRefusedException;
import io.twitterhelpdesk.outbound.TwitterSender;
import io.twitterhelpdesk.outbound.TwitterUnavailableException;
import twitter4j.TwitterException;

/**
 * The local bean of the Kamelet {@code twitter-helpdesk-sink}, the connector's one reply sender: a reply request (the
 * connector's JSON) checked by the connector's {@code ReplyProcessor} and {@code ReplyPolicy} against what the
 * account's source recorded in the same state database, and sent by its {@code TwitterSender}.
 * <ul>
 * <li>With an account (the Kamelet in another Camel application): from this Kamelet's account (a request without
 * accountId is answered from it; one naming another account is rejected), on the Kamelet's state database.</li>
 * <li>Without (the standalone connector's route reply-sender): from any configured account, with the connector's
 * beans {@value #CONNECTOR_PROCESSOR} and {@value #CONNECTOR_SENDER}.</li>
 * </ul>
 */
public final class TwitterHelpdeskSink extends KameletAccount {

    static final String CONNECTOR_PROCESSOR = "replyProcessor";
    static final String CONNECTOR_SENDER = "twitterSender";

    private ReplyProcessor processor;
    private TwitterSender sender;
    private long accountId;
    private ConnectorBeans.TwitterAccess twitter;

    @Override
    protected void doStart() {
        if (!hasAccount()) {
            processor = connectorBean(CONNECTOR_PROCESSOR, ReplyProcessor.class);
            sender = connectorBean(CONNECTOR_SENDER, TwitterSender.class);
            return;
        }
        Settings settings = settings();
        AccountRegistry registry = registry(settings);
        StateConfig stateConfig = settings.bind(new StateConfig());
        DataSource state = database(stateConfig);
        ConnectorBeans.TwitterAccess shared = accounts().twitter(this, stateConfig.url(), state, registry, settings);
        twitter = new ConnectorBeans.TwitterAccess(registry, shared.clients(), shared.xApi());
        ConnectorBeans.Replies replies = ConnectorBeans.replies(settings, twitter, state, getClock());
        processor = replies.processor();
        sender = replies.sender();
    }

    private <T> T connectorBean(String name, Class<T> type) {
        T bean = getCamelContext().getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("The sink Kamelet has no account and the registry no " + name
                    + " bean: give it the account to answer from");
        }
        return bean;
    }

    /**
     * An {@code OutgoingReply} to send, or the {@code ReplyStatus} to answer at once (rejected, or the first outcome
     * of a replyId seen before). A reply prepared before comes back as it is: a route that redelivers the Kamelet
     * after Twitter was unavailable hands it the reply of the failed attempt (the Kamelet's result).
     */
    public Object prepare(Object body, Exchange exchange) throws TwitterUnavailableException {
        if (body instanceof OutgoingReply prepared) {
            return prepared;
        }
        String request = exchange.getMessage().getBody(String.class);
        return twitter == null ? processor.prepare(request) : processor.prepareFrom(request, accountId());
    }

    /** Sends an allowed reply; 429 and a spent budget, and Twitter unavailable, are thrown for the caller to retry. */
    public ReplyStatus send(OutgoingReply reply)
            throws TwitterRateLimitedException, TwitterUnavailableException, TwitterRefusedException {
        return sender.send(reply);
    }

    /** Records and returns the final failure of a reply Twitter refused. */
    public ReplyStatus failed(String replyId, String code, String message) {
        return processor.failed(replyId, code, message);
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
