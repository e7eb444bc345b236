package io.twitterhelpdesk.conversation;

/** A string that is not a conversation key ({@link ConversationKey#parse}); the REST API answers it with 400. */
public class InvalidConversationKeyException extends IllegalArgumentException {

    public InvalidConversationKeyException(String message) {
        super(message);
    }

    public String code() {
        return "invalid_conversation_key";
    }
}
