package io.twitterhelpdesk.outbound;

/** A reply request that cannot be read: {@link #code()} is the machine-readable reason, the message names the field. */
public class InvalidReplyException extends RuntimeException {

    private final String code;

    public InvalidReplyException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
