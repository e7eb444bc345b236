package io.twitterhelpdesk.outbound;

/** A reply the policy allowed, on its way to Twitter. */
public record OutgoingReply(String replyId, ReplyDecision.Send send) {

    public boolean isDirectMessage() {
        return send.mode() == ReplyDecision.Mode.DM;
    }

    /** Who the throttle counts it against: the account and the kind of send (they have separate limits). */
    public String throttleKey() {
        return send.accountName() + "/" + send.mode();
    }
}
