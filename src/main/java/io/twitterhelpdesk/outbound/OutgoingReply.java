package io.twitterhelpdesk.outbound;

/** A reply the policy allowed, on its way to Twitter. */
public record OutgoingReply(String replyId, ReplyDecision.Send send) {

    public boolean isDirectMessage() {
        return send.mode() == ReplyDecision.Mode.DM;
    }
}
