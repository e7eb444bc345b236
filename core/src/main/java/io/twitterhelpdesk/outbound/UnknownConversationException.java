package io.twitterhelpdesk.outbound;

/** A reply names a conversation or account the connector has never seen a customer message for. */
public class UnknownConversationException extends RuntimeException {

    private final String code;

    public UnknownConversationException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
