package io.twitterhelpdesk.conversation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConversationKeyTest {

    @Test
    void parsesDirectMessageKeys() {
        ConversationKey key = ConversationKey.parse("twitter:dm:42:7");

        assertThat(key.kind()).isEqualTo(ConversationKey.Kind.DM);
        assertThat(key.accountId()).isEqualTo(42);
        assertThat(key.customerId()).isEqualTo(7);
        assertThat(key).hasToString("twitter:dm:42:7");
        assertThatThrownBy(key::rootId).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void parsesThreadKeys() {
        ConversationKey key = ConversationKey.parse("twitter:thread:1600000000000000001");

        assertThat(key.kind()).isEqualTo(ConversationKey.Kind.THREAD);
        assertThat(key.rootId()).isEqualTo(1600000000000000001L);
        assertThat(key).hasToString("twitter:thread:1600000000000000001");
        assertThatThrownBy(key::accountId).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void formatsKeysTheWayTheEnvelopeWritesThem() {
        assertThat(ConversationKey.dm(42, 7)).isEqualTo("twitter:dm:42:7");
        assertThat(ConversationKey.thread(99)).isEqualTo("twitter:thread:99");
        assertThat(ConversationKey.parse(ConversationKey.dm(Long.MAX_VALUE, 1)).accountId()).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "twitter:dm:42", "twitter:dm:42:7:1", "twitter:dm:a:7", "twitter:dm:042:7",
            "twitter:thread:", "twitter:thread:0", "twitter:thread:-5", "TWITTER:thread:5", " twitter:thread:5",
            "twitter:thread:9223372036854775808", "twitter:mention:5", "email:thread:5"})
    void refusesAnythingElseWithAClearMessage(String key) {
        assertThatThrownBy(() -> ConversationKey.parse(key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not a conversation key")
                .hasMessageContaining("twitter:dm:<accountId>:<customerId>");
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> ConversationKey.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
