package io.twitterhelpdesk.conversation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twitterhelpdesk.conversation.ConversationLifecycle.Closed;

/**
 * The JMS conversation commands a helpdesk sends (queue {@code conversation.commands-queue}), one JSON text message
 * each. The only command so far: {@code {"command":"close","conversationKey":"twitter:dm:42:7"}}, the same as
 * {@code POST /api/v1/conversations/{key}/close}. Anything that cannot be carried out is an
 * {@link InvalidConversationCommandException}.
 */
public final class ConversationCommands {

    public static final String CLOSE = "close";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConversationLifecycle lifecycle;

    public ConversationCommands(ConversationLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** Carries out the command in {@code json}: the closed conversation (already closed before, or now). */
    public Closed execute(String json) {
        JsonNode command = parse(json);
        String name = command.path("command").asText("");
        if (!CLOSE.equals(name)) {
            throw new InvalidConversationCommandException("unknown_command",
                    "Unknown conversation command '" + name + "'; the only command is \"close\"");
        }
        JsonNode key = command.path("conversationKey");
        if (!key.isTextual()) {
            throw new InvalidConversationCommandException("invalid_conversation_key",
                    "A close command needs a string conversationKey");
        }
        try {
            return lifecycle.close(key.asText()).orElseThrow(() -> new InvalidConversationCommandException(
                    "unknown_conversation", "No conversation with key '" + key.asText() + "'"));
        } catch (InvalidConversationKeyException e) {
            throw new InvalidConversationCommandException(e.code(), e.getMessage());
        }
    }

    private static JsonNode parse(String json) {
        try {
            JsonNode node = json == null ? null : JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new InvalidConversationCommandException("malformed_command",
                        "A conversation command is a JSON object, e.g. {\"command\":\"close\",\"conversationKey\":\"...\"}");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidConversationCommandException("malformed_command",
                    "A conversation command is JSON: " + e.getOriginalMessage());
        }
    }
}
