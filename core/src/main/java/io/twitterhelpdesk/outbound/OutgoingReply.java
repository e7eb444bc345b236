package io.twitterhelpdesk.outbound;

/**
 * A reply the policy allowed, on its way to Twitter. {@code resumedFrom} is when an earlier attempt began sending
 * it, for a reply whose send was under way when the connector stopped (its outcome is unknown); null otherwise.
 * {@code media} is the reply's media item, null for none.
 */
public record OutgoingReply(String replyId, ReplyDecision.Send send, java.time.Instant resumedFrom,
                            ReplyMedia media) {

    public OutgoingReply(String replyId, ReplyDecision.Send send) {
        this(replyId, send, null, null);
    }

    public boolean isResumed() {
        return resumedFrom != null;
    }

    public boolean isDirectMessage() {
        return send.mode() == ReplyDecision.Mode.DM;
    }
}
