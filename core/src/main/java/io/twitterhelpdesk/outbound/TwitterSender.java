package io.twitterhelpdesk.outbound;


import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twitterhelpdesk.cost.SpendCap;
import io.twitterhelpdesk.cost.BillableUnit;
import io.twitterhelpdesk.account.CredentialsListener;
import io.twitterhelpdesk.metrics.ConnectorMetrics;
import io.twitterhelpdesk.state.ReplyLedger;
import io.twitterhelpdesk.state.StateStore;
import io.twitterhelpdesk.xapi.XAnswer;
import io.twitterhelpdesk.xapi.XApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import twitter4j.Twitter;
import twitter4j.TwitterException;
import twitter4j.v1.DirectMessage;
import twitter4j.v1.Status;
import twitter4j.v1.StatusUpdate;

/**
 * Sends an allowed reply from its account: with the twitter4j client for a v1.1 account (a DM by recipient id, one
 * request where camel-twitter's DM producer takes a screen name and looks it up first; or a public reply under the
 * customer's tweet with the reply metadata auto-populated), or over X API v2 for a v2 account
 * ({@code POST /2/dm_conversations/with/{id}/messages}, {@code POST /2/tweets} with {@code reply.in_reply_to_tweet_id}).
 * Moves the reply through the {@link ReplyLedger} (sending, then sent, given back or rejected), and sorts Twitter's
 * errors into retry later (429), retry with backoff (5xx, no connection) and refused for good (any other 4xx). Before
 * a send: its {@link SendLimits} (the account's {@link DailySendBudget}, rejected {@code daily_limit_reached}; the rate
 * budget, a wait; the DM window, rejected {@code window_limit_reached}), the daily spend cap ({@link SpendCap}, rejected
 * {@code daily_spend_cap_reached}) and, for a proactive DM, {@link ProactiveCheck}
 * (rejected {@code recipient_does_not_accept_dms}, as is a DM Twitter refuses with 349 or 150). A reply with media
 * has it uploaded first, once ({@link ReplyMediaUploads}): media that cannot be had is a rejection, an upload X
 * refuses a failure {@code media_upload_failed} with X's reason, an upload X cannot take now (429, 5xx) waits or
 * retries as a send does.
 */
public final class TwitterSender {

    private static final Logger LOG = LoggerFactory.getLogger(TwitterSender.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The status code of a reply the daily spend cap stops. */
    public static final String DAILY_SPEND_CAP_REACHED = "daily_spend_cap_reached";

    private final TwitterApis twitter;
    private final ReplyLedger ledger;
    private final SendLimits limits;
    private final StateStore threads;
    private final ReplyMediaUploads mediaUploads;
    private final ConnectorMetrics metrics;
    private final CredentialsListener credentials;
    private final Clock clock;
    private final ProactiveCheck proactiveCheck;
    private final SentReplies sentReplies;
    private final ReplyPrices prices;
    private final SpendCap cap;

    /**
     * @param ledger       where each reply's state moves (sending, then sent, given back or rejected)
     * @param limits       the budgets and the DM window a send takes a slot of
     * @param threads      the thread each sent public reply joins (for the customer's answer to it)
     * @param mediaUploads the reply's media, uploaded once
     * @param metrics      counts sends and Twitter's rate-limit headers
     * @param credentials  told when Twitter refuses an account's credentials
     * @param cap          the daily spend cap: a reply it stops is rejected {@code daily_spend_cap_reached}
     */
    public TwitterSender(TwitterApis twitter, ReplyLedger ledger, SendLimits limits, StateStore threads,
            ReplyMediaUploads mediaUploads, ConnectorMetrics metrics, CredentialsListener credentials, Clock clock,
            SpendCap cap) {
        this.cap = cap;
        this.twitter = twitter;
        this.ledger = ledger;
        this.limits = limits;
        this.threads = threads;
        this.mediaUploads = mediaUploads;
        this.metrics = metrics;
        this.credentials = credentials;
        this.clock = clock;
        this.proactiveCheck = new ProactiveCheck(twitter.accounts(), twitter.clients(), twitter.xApi());
        this.sentReplies = new SentReplies(twitter.accounts(), twitter.clients(), twitter.xApi());
        this.prices = new ReplyPrices(twitter.clients().meter().rates());
    }

    /** The reply's outcome; that of a reply whose text holds a link flagged with its price ({@link ReplyPrices}). */
    public ReplyStatus send(OutgoingReply reply)
            throws TwitterRateLimitedException, TwitterUnavailableException, TwitterRefusedException {
        return prices.flag(sendUnpriced(reply), reply.isDirectMessage(), reply.send().text());
    }

    private ReplyStatus sendUnpriced(OutgoingReply reply)
            throws TwitterRateLimitedException, TwitterUnavailableException, TwitterRefusedException {
        ReplyDecision.Send send = reply.send();
        if (reply.isResumed()) {
            Optional<String> earlier = alreadySent(reply);
            if (earlier.isPresent()) {
                ledger.sent(reply.replyId(), earlier.get());
                LOG.warn("Reply {} was being sent when the connector stopped: Twitter has it as {}, not sent again",
                        reply.replyId(), earlier.get());
                return ReplyStatus.sent(reply.replyId(), earlier.get());
            }
            LOG.warn("Reply {} was being sent when the connector stopped and Twitter does not have it: sending it now",
                    reply.replyId());
        }
        Optional<String> capped = cap.replyRefusal(send.accountName(), send.proactive());
        if (capped.isPresent()) {
            return reject(reply, DAILY_SPEND_CAP_REACHED, capped.get());
        }
        String mediaId;
        try {
            mediaId = mediaUploads.mediaId(reply);
        } catch (RefusedMediaException e) {
            return reject(reply, e.code(), e.getMessage());
        } catch (TwitterException e) {
            throw uploadRefusal(reply, e);
        }
        Optional<String> spent = limits.takeDaily(reply);
        if (spent.isPresent()) {
            return reject(reply, "daily_limit_reached", spent.get());
        }
        if (send.proactive() && !reply.isResumed() && !mayStartConversation(reply)) {
            limits.giveBackDaily(reply);
            return reject(reply, ProactiveCheck.REFUSED, ProactiveCheck.refusal(send));
        }
        Optional<String> windowSpent = limits.startSend(reply, ledger);
        if (windowSpent.isPresent()) {
            return reject(reply, "window_limit_reached", windowSpent.get());
        }
        String twitterId;
        try {
            twitterId = reply.isDirectMessage() ? sendDirectMessage(send, mediaId) : sendPublicReply(send, mediaId);
        } catch (TwitterException e) {
            metrics.sent(send.accountName(), reply.isDirectMessage(), e.getRateLimitStatus());
            if (reply.isResumed() && !reply.isDirectMessage() && SentReplies.isDuplicateTweet(e)) {
                // Twitter refuses the same text twice from an account: the first attempt did go out
                ledger.sent(reply.replyId(), null);
                LOG.warn("Reply {} was sent before the connector stopped (Twitter calls it a duplicate now): "
                        + "reported sent, without its tweet id", reply.replyId());
                return ReplyStatus.sent(reply.replyId(), null);
            }
            limits.giveBack(reply);
            if (reply.isDirectMessage() && refusesDirectMessages(e)) {
                return reject(reply, ProactiveCheck.REFUSED, "Twitter refused the DM (" + describe(e)
                        + "): the customer neither follows account " + send.accountName()
                        + " nor accepts Direct Messages from anyone");
            }
            ledger.givenBack(reply.replyId());
            throw refusal(reply, e);
        }
        ledger.sent(reply.replyId(), twitterId);
        LOG.info("Reply {} sent as {} {} from account {}", reply.replyId(),
                reply.isDirectMessage() ? "DM" : "tweet", twitterId, send.accountName());
        return ReplyStatus.sent(reply.replyId(), twitterId);
    }

    /** @param mediaId the uploaded media to attach, or null */
    private String sendDirectMessage(ReplyDecision.Send send, String mediaId) throws TwitterException {
        if (v2(send)) {
            ObjectNode body = JSON.createObjectNode().put("text", send.text());
            if (mediaId != null) {
                body.putArray("attachments").addObject().put("media_id", mediaId);
            }
            return createdId(send, "dm_conversations/with/" + send.recipientId() + "/messages", body, "dm_event_id",
                    true);
        }
        Twitter client = twitter.clients().client(send.accountName());
        DirectMessage sent = mediaId == null
                ? client.v1().directMessages().sendDirectMessage(send.recipientId(), send.text())
                : client.v1().directMessages().sendDirectMessage(send.recipientId(), send.text(),
                        Long.parseLong(mediaId));
        twitter.clients().meter().wrote(send.accountName(), BillableUnit.DM_CREATE);
        metrics.sent(send.accountName(), true, sent.getRateLimitStatus());
        return Long.toString(sent.getId());
    }

    /** @param mediaId the uploaded media to attach, or null */
    private String sendPublicReply(ReplyDecision.Send send, String mediaId) throws TwitterException {
        long tweetId;
        if (v2(send)) {
            ObjectNode body = JSON.createObjectNode().put("text", send.text());
            body.putObject("reply").put("in_reply_to_tweet_id", Long.toString(send.inReplyToTweetId()));
            if (mediaId != null) {
                body.putObject("media").putArray("media_ids").add(mediaId);
            }
            String id = createdId(send, "tweets", body, "id", false);
            if (id == null) {
                return null;
            }
            tweetId = Long.parseLong(id);
        } else {
            Twitter client = twitter.clients().client(send.accountName());
            StatusUpdate update = StatusUpdate.of(send.text()).inReplyToStatusId(send.inReplyToTweetId())
                    .autoPopulateReplyMetadata(true);
            Status tweet = client.v1().tweets().updateStatus(mediaId == null ? update
                    : update.mediaIds(Long.parseLong(mediaId)));
            twitter.clients().meter().wrote(send.accountName(), BillableUnit.postCreate(send.text()));
            metrics.sent(send.accountName(), false, tweet.getRateLimitStatus());
            tweetId = tweet.getId();
        }
        long root = threads.threadRoot(send.inReplyToTweetId()).orElse(send.inReplyToTweetId());
        threads.recordThread(tweetId, root);
        return Long.toString(tweetId);
    }

    /** Asks Twitter whether the account may DM a customer who has not written; a failed lookup retries or fails. */
    private boolean mayStartConversation(OutgoingReply reply)
            throws TwitterRateLimitedException, TwitterUnavailableException, TwitterRefusedException {
        try {
            return proactiveCheck.allows(reply.send());
        } catch (TwitterException e) {
            // the reply is still queued (a proactive DM is never resumed): it only gives its daily slot back
            limits.giveBackDaily(reply);
            throw refusal(reply, e);
        }
    }

    private ReplyStatus reject(OutgoingReply reply, String code, String message) {
        ledger.rejected(reply.replyId(), code, message);
        return ReplyStatus.rejected(reply.replyId(), code, message);
    }

    /**
     * Twitter will not deliver a DM to this customer: v1.1 code 349 (cannot send messages to this user) or 150 (not
     * following you); v2, which has no numeric codes, a 403 whose problem says so (a 403 for missing DM scopes or
     * permissions stays a failure).
     */
    static boolean refusesDirectMessages(TwitterException e) {
        if (e.getErrorCode() == 349 || e.getErrorCode() == 150) {
            return true;
        }
        String detail = e.getErrorMessage() == null ? "" : e.getErrorMessage().toLowerCase(java.util.Locale.ROOT);
        return e instanceof XApiException && e.getStatusCode() == 403
                && (detail.contains("direct message") || detail.contains("send messages"));
    }

    /** For a resumed DM, the id of the DM an earlier attempt sent, if Twitter lists it; a lookup failure retries. */
    private Optional<String> alreadySent(OutgoingReply reply) throws TwitterUnavailableException {
        if (!reply.isDirectMessage()) {
            return Optional.empty();
        }
        try {
            return sentReplies.directMessage(reply.send(), reply.resumedFrom());
        } catch (TwitterException e) {
            throw new TwitterUnavailableException("Could not check on Twitter whether reply " + reply.replyId()
                    + " went out before the connector stopped: " + e.getMessage(), e);
        }
    }

    private boolean v2(ReplyDecision.Send send) {
        return twitter.v2(send.accountName());
    }

    /**
     * Posts a v2 create request and returns the id in its answer's {@code data}. A 2xx means X accepted the message,
     * so an answer without a readable id is still a send (not retried: that would send it twice), reported without
     * an id.
     */
    private String createdId(ReplyDecision.Send send, String path, ObjectNode body, String field,
            boolean directMessage) throws TwitterException {
        String id;
        try {
            XAnswer answer = twitter.xApi().post(send.accountName(), path, body);
            metrics.sent(send.accountName(), directMessage, answer.rateLimit());
            id = answer.json().path("data").path(field).asText("");
        } catch (XApiException e) {
            if (e.getStatusCode() < 200 || e.getStatusCode() > 299) {
                throw e;
            }
            id = "";
        }
        if (!id.matches("[0-9]+")) {
            LOG.warn("X API accepted a reply from account {} but its answer carries no data.{}: reported sent "
                    + "without a Twitter id", send.accountName(), field);
            return null;
        }
        return id;
    }

    /**
     * Sorts a failed media upload as a failed send (retry later, retry with backoff); X's refusal of the file is
     * {@code media_upload_failed} with X's reason.
     */
    private TwitterRefusedException uploadRefusal(OutgoingReply reply, TwitterException e)
            throws TwitterRateLimitedException, TwitterUnavailableException {
        refusal(reply, e);
        return new TwitterRefusedException("media_upload_failed", "X refused the media upload ("
                + (e.getErrorCode() > 0 ? "code " + e.getErrorCode() + ", " : "") + describe(e) + ")");
    }

    /** Sorts a failed send into retry later, retry with backoff, or refused; a refusal is the return value. */
    private TwitterRefusedException refusal(OutgoingReply reply, TwitterException e)
            throws TwitterRateLimitedException, TwitterUnavailableException {
        String who = "reply " + reply.replyId() + " from account " + reply.send().accountName();
        if (e.getStatusCode() == 401) {
            credentials.refused(reply.send().accountName(), describe(e));
        }
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
