package io.twitterhelpdesk.state;

/**
 * A move the reply state machine does not allow (e.g. a sent reply failing), or one of a replyId the ledger has no
 * reply for. A programming error, not an outcome: the reply keeps the state it had.
 */
public class IllegalReplyTransitionException extends IllegalStateException {

    public IllegalReplyTransitionException(String message) {
        super(message);
    }
}
