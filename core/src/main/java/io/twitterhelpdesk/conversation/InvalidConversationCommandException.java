package io.twitterhelpdesk.conversation;

/**
 * A conversation command that cannot be carried out however often it is retried (not JSON, unknown command, malformed
 * or unknown conversation key): parked on the commands' dead-letter queue with its {@link #code()} and message.
 */
public class InvalidConversationCommandException extends RuntimeException {

    private final String code;

    public InvalidConversationCommandException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
