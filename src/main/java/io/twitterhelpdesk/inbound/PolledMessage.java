package io.twitterhelpdesk.inbound;

import io.twitterhelpdesk.envelope.Envelope;
import io.twitterhelpdesk.envelope.Envelope.CustomerRef;
import twitter4j.v1.DirectMessage;
import twitter4j.v1.Status;

/**
 * One DM or mention for an account, fetched by a poller or pushed by a webhook, before it becomes an envelope.
 *
 * @param account    the configured account name it was fetched for
 * @param channel    {@link #DM} or {@link #MENTION}
 * @param id         the Twitter id of the DM event or tweet
 * @param dropReason why it is not delivered ({@link #ECHO}: the account sent it itself; {@link #SENDER_GONE}: the
 *                   sender's Twitter account no longer exists), or null to deliver it
 * @param customer   the customer who wrote it (null when dropped)
 * @param source     {@link #POLL} or {@link #WEBHOOK}
 */
public record PolledMessage(String account, String channel, long id, String dropReason, CustomerRef customer,
        DirectMessage directMessage, Status mention, String source) {

    public static final String DM = "dm";
    public static final String MENTION = "mention";
    public static final String ECHO = "our own echo";
    public static final String SENDER_GONE = "the sender's account no longer exists";
    public static final String POLL = Envelope.SOURCE_POLL;
    public static final String WEBHOOK = Envelope.SOURCE_WEBHOOK;

    public static PolledMessage directMessage(String account, DirectMessage dm, String dropReason,
            CustomerRef customer, String source) {
        return new PolledMessage(account, DM, dm.getId(), dropReason, customer, dm, null, source);
    }

    public static PolledMessage mention(String account, Status status, String dropReason, String source) {
        return new PolledMessage(account, MENTION, status.getId(), dropReason, null, null, status, source);
    }

    /** The id delivery is deduplicated on, shared with webhook ingestion: {@code dm:<id>} or {@code tweet:<id>}. */
    public String envelopeId() {
        return (DM.equals(channel) ? "dm:" : "tweet:") + id;
    }

    @Override
    public String toString() {
        return envelopeId() + " of account " + account;
    }
}
