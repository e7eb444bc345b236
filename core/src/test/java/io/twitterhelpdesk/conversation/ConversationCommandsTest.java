package io.twitterhelpdesk.conversation;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConversationCommandsTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private ConversationLifecycle lifecycle;
    private ConversationCommands commands;

    @BeforeEach
    void setUp() {
        lifecycle = new ConversationLifecycle(TestDatabase.migrated(), new MutableClock(T0), Duration.ofHours(24));
        commands = new ConversationCommands(lifecycle);
        lifecycle.arrived("twitter:dm:42:7", 101, "dm:101", T0);
    }

    @Test
    void closeClosesTheConversationAndIsIdempotent() {
        String close = "{\"command\":\"close\",\"conversationKey\":\"twitter:dm:42:7\"}";

        assertThat(commands.execute(close).alreadyClosed()).isFalse();
        assertThat(commands.execute(close).alreadyClosed()).isTrue();
        assertThat(commands.execute(close).conversationId()).isEqualTo("twitter:dm:42:7@dm:101");
    }

    @Test
    void commandsThatCannotBeCarriedOutSayWhy() {
        assertRefused("not json", "malformed_command");
        assertRefused("[1,2]", "malformed_command");
        assertRefused("", "malformed_command");
        assertRefused("{\"command\":\"reopen\",\"conversationKey\":\"twitter:dm:42:7\"}", "unknown_command");
        assertRefused("{\"conversationKey\":\"twitter:dm:42:7\"}", "unknown_command");
        assertRefused("{\"command\":\"close\"}", "invalid_conversation_key");
        assertRefused("{\"command\":\"close\",\"conversationKey\":42}", "invalid_conversation_key");
        assertRefused("{\"command\":\"close\",\"conversationKey\":\"twitter:dm:x\"}", "invalid_conversation_key");
        assertRefused("{\"command\":\"close\",\"conversationKey\":\"twitter:dm:42:8\"}", "unknown_conversation");
    }

    private void assertRefused(String json, String code) {
        assertThatThrownBy(() -> commands.execute(json)).isInstanceOf(InvalidConversationCommandException.class)
                .satisfies(e -> assertThat(((InvalidConversationCommandException) e).code()).isEqualTo(code));
    }
}
