package io.twitterhelpdesk.inbound;

import java.io.Serializable;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.envelope.Envelope;
import io.twitterhelpdesk.envelope.Envelope.CustomerRef;
import twitter4j.v1.DirectMessage;
import twitter4j.v1.Status;

/**
 * One DM or mention for an account, fetched by a poller, pushed by a webhook or read from the X Activity API stream,
 * before it becomes an envelope.
 *
 * @param account    the configured account name it was fetched for
 * @param channel    {@link #DM} or {@link #MENTION}
 * @param id         the Twitter id of the DM event or tweet
 * @param dropReason why it is not delivered ({@link #ECHO}: the account sent it itself; {@link #SENDER_GONE}: the
 *                   sender's Twitter account no longer exists), or null to deliver it
 * @param customer   the customer who wrote it (null when dropped)
 * @param source     {@link #POLL}, {@link #WEBHOOK} or {@link #STREAM} (the X Activity API stream)
 * @param directMessage the v1.1 DM (twitter4j), or null
 * @param mention    the v1.1 tweet (twitter4j), or null
 * @param v2         the X API v2 object with its page's includes, or null
 */
public record PolledMessage(String account, String channel, long id, String dropReason, CustomerRef customer,
        DirectMessage directMessage, Status mention, V2Item v2, String source) implements Serializable {

    /** An X API v2 DM event or tweet, with the {@code includes} of the answer it came in (users, media). */
    public record V2Item(JsonNode item, JsonNode includes) implements Serializable {
    }

    public static final String DM = "dm";
    public static final String MENTION = "mention";
    public static final String ECHO = "our own echo";
    public static final String SENDER_GONE = "the sender's account no longer exists";
    public static final String POLL = Envelope.SOURCE_POLL;
    public static final String WEBHOOK = Envelope.SOURCE_WEBHOOK;
    public static final String STREAM = Envelope.SOURCE_STREAM;

    public static PolledMessage directMessage(String account, DirectMessage dm, String dropReason,
            CustomerRef customer, String source) {
        return new PolledMessage(account, DM, dm.getId(), dropReason, customer, dm, null, null, source);
    }

    /** A DM event from {@code GET /2/dm_events}. */
    public static PolledMessage v2DirectMessage(String account, V2Item event, String dropReason, CustomerRef customer,
            String source) {
        return new PolledMessage(account, DM, Long.parseLong(event.item().path("id").asText()), dropReason, customer,
                null, null, event, source);
    }

    /**
     * A v2 Post that mentions or answers the account ({@code GET /2/users/{id}/mentions}, or an X Activity API
     * {@code post.mention.create} / {@code post.reply.create}); {@code author} is null when dropped.
     */
    public static PolledMessage v2Mention(String account, V2Item tweet, String dropReason, CustomerRef author,
            String source) {
        return new PolledMessage(account, MENTION, Long.parseLong(tweet.item().path("id").asText()), dropReason,
                author, null, null, tweet, source);
    }

    public static PolledMessage mention(String account, Status status, String dropReason, String source) {
        return new PolledMessage(account, MENTION, status.getId(), dropReason, null, null, status, null, source);
    }

    /** The id delivery is deduplicated on, shared with webhook ingestion: {@code dm:<id>} or {@code tweet:<id>}. */
    public String envelopeId() {
        return (DM.equals(channel) ? "dm:" : "tweet:") + id;
    }

    /**
     * The message group of the intake message it came in: the account and the customer who wrote it (the message's own
     * id where neither its customer nor its author is known), so one conversation's intake messages stay in order.
     */
    public String intakeGroup() {
        String writer = customer != null ? customer.id()
                : mention != null && mention.getUser() != null ? String.valueOf(mention.getUser().getId())
                : directMessage != null ? String.valueOf(directMessage.getSenderId())
                : envelopeId();
        return account + ":" + writer;
    }

    @Override
    public String toString() {
        return envelopeId() + " of account " + account;
    }
}
