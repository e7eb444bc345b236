package io.twitterhelpdesk.outbound;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The message group the reply intake gives a request: its conversation, read from the request alone. */
class ReplyGroupingTest {

    @Test
    void aRequestsGroupIsItsConversation() {
        assertThat(ReplyGrouping.group("{\"replyId\":\"r1\",\"conversationKey\":\"twitter:dm:42:7\",\"text\":\"a\"}"))
                .isEqualTo("twitter:dm:42:7");
        assertThat(ReplyGrouping.group("{\"conversationKey\":\"twitter:thread:5\",\"mode\":\"dm\",\"text\":\"b\"}"))
                .isEqualTo("twitter:thread:5");
    }

    @Test
    void aRequestWithoutAReadableConversationHasNoGroup() {
        assertThat(ReplyGrouping.group("{broken")).isNull();
        assertThat(ReplyGrouping.group("")).isNull();
        assertThat(ReplyGrouping.group("[1,2]")).isNull();
        assertThat(ReplyGrouping.group("{\"replyId\":\"r1\",\"text\":\"no key\"}")).isNull();
        assertThat(ReplyGrouping.group("{\"conversationKey\":\"twitter:dm:042:7\"}")).isNull();
        assertThat(ReplyGrouping.group("{\"conversationKey\":42}")).isNull();
    }
}
