package io.twitterhelpdesk.outbound;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ReplyRequestParserTest {

    @Test
    void readsAFullRequest() {
        ReplyRequest request = ReplyRequestParser.parse("""
                {"replyId": "ticket-12:reply.3", "conversationKey": "twitter:dm:42:7", "text": "Hi Alice",
                 "accountId": "43", "mode": "dm"}""");

        assertThat(request).isEqualTo(new ReplyRequest("ticket-12:reply.3", "twitter:dm:42:7", "Hi Alice", "43", "dm"));
    }

    @Test
    void optionalFieldsMayBeAbsentOrNullAndAccountIdANumber() {
        assertThat(ReplyRequestParser.parse("{\"replyId\":\"r1\",\"conversationKey\":\"twitter:thread:5\",\"text\":\"x\"}"))
                .isEqualTo(new ReplyRequest("r1", "twitter:thread:5", "x", null, null));
        assertThat(ReplyRequestParser.parse(
                "{\"replyId\":\"r1\",\"conversationKey\":\"twitter:thread:5\",\"text\":\"x\",\"accountId\":null,\"mode\":null}"))
                .isEqualTo(new ReplyRequest("r1", "twitter:thread:5", "x", null, null));
        assertThat(ReplyRequestParser.parse(
                "{\"replyId\":\"r1\",\"conversationKey\":\"twitter:thread:5\",\"text\":\"x\",\"accountId\":42}").accountId())
                .isEqualTo("42");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "malformed_json           | not json",
            "malformed_json           | ''",
            "malformed_json           | [1,2]",
            "malformed_json           | \"text\"",
            "malformed_json           | {\"replyId\":\"r1\"} trailing",
            "malformed_json           | {\"replyId\":\"r1\",\"replyId\":\"r2\",\"conversationKey\":\"twitter:thread:5\",\"text\":\"x\"}",
            "missing_reply_id         | {\"conversationKey\":\"twitter:thread:5\",\"text\":\"x\"}",
            "missing_reply_id         | {\"replyId\":\"  \",\"conversationKey\":\"twitter:thread:5\",\"text\":\"x\"}",
            "invalid_reply_id         | {\"replyId\":\"a b\",\"conversationKey\":\"twitter:thread:5\",\"text\":\"x\"}",
            "invalid_reply_id         | {\"replyId\":12,\"conversationKey\":\"twitter:thread:5\",\"text\":\"x\"}",
            "invalid_conversation_key | {\"replyId\":\"r1\",\"text\":\"x\"}",
            "invalid_conversation_key | {\"replyId\":\"r1\",\"conversationKey\":\"twitter:dm:42\",\"text\":\"x\"}",
            "missing_text             | {\"replyId\":\"r1\",\"conversationKey\":\"twitter:thread:5\"}",
            "missing_text             | {\"replyId\":\"r1\",\"conversationKey\":\"twitter:thread:5\",\"text\":\" \\n\"}",
            "invalid_account_id       | {\"replyId\":\"r1\",\"conversationKey\":\"twitter:thread:5\",\"text\":\"x\",\"accountId\":\"acme\"}",
            "invalid_account_id       | {\"replyId\":\"r1\",\"conversationKey\":\"twitter:thread:5\",\"text\":\"x\",\"accountId\":\"-4\"}",
            "invalid_mode             | {\"replyId\":\"r1\",\"conversationKey\":\"twitter:thread:5\",\"text\":\"x\",\"mode\":\"email\"}",
            "invalid_mode             | {\"replyId\":\"r1\",\"conversationKey\":\"twitter:thread:5\",\"text\":\"x\",\"mode\":\"DM\"}",
            "unknown_field            | {\"replyId\":\"r1\",\"conversationKey\":\"twitter:thread:5\",\"text\":\"x\",\"inReplyTo\":\"9\"}",
            "invalid_conversation_key | {\"replyId\":\"r1\",\"conversationKey\":\"twitter:thread:5\",\"text\":\"x\",\"mode\":\"proactive\"}",
            "invalid_account_id       | {\"replyId\":\"r1\",\"conversationKey\":\"twitter:dm:42:7\",\"text\":\"x\",\"mode\":\"proactive\",\"accountId\":\"43\"}",
    })
    void refusesWithACode(String code, String json) {
        InvalidReplyException e = catchThrowableOfType(InvalidReplyException.class, () -> ReplyRequestParser.parse(json));

        assertThat(e).as("expected %s for %s", code, json).isNotNull();
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.getMessage()).isNotBlank();
    }

    @Test
    void proactiveNamesTheAccountAndTheCustomerInADmKey() {
        ReplyRequest request = ReplyRequestParser.parse("{\"replyId\":\"p1\",\"conversationKey\":\"twitter:dm:42:7\","
                + "\"text\":\"hi\",\"mode\":\"proactive\",\"accountId\":\"42\"}");

        assertThat(request.isProactive()).isTrue();
        assertThat(request.accountId()).isEqualTo("42");
        assertThat(ReplyRequestParser.parse("{\"replyId\":\"p1\",\"conversationKey\":\"twitter:dm:42:7\","
                + "\"text\":\"hi\",\"mode\":\"dm\"}").isProactive()).isFalse();
    }

    @Test
    void replyIdMayHave128CharactersNotMore() {
        String ok = "{\"replyId\":\"" + "a".repeat(128) + "\",\"conversationKey\":\"twitter:thread:5\",\"text\":\"x\"}";
        String tooLong = "{\"replyId\":\"" + "a".repeat(129) + "\",\"conversationKey\":\"twitter:thread:5\",\"text\":\"x\"}";

        assertThat(ReplyRequestParser.parse(ok).replyId()).hasSize(128);
        assertThat(catchThrowableOfType(InvalidReplyException.class, () -> ReplyRequestParser.parse(tooLong)).code())
                .isEqualTo("invalid_reply_id");
    }

    @Test
    void messagesNameTheField() {
        assertThat(failure("{\"replyId\":\"r1\",\"conversationKey\":\"twitter:thread:5\",\"text\":\"x\",\"colour\":1}"))
                .contains("'colour'");
        assertThat(failure("{\"replyId\":\"r1\",\"conversationKey\":\"bad\",\"text\":\"x\"}")).contains("conversationKey");
        assertThat(failure("{\"replyId\":\"r1\",\"conversationKey\":\"twitter:thread:5\"}")).contains("text");
        assertThat(failure("{\"conversationKey\":\"twitter:thread:5\",\"text\":\"x\"}")).contains("replyId");
        assertThat(failure("{\"replyId\":\"r1\",\"conversationKey\":\"twitter:thread:5\",\"text\":\"x\",\"accountId\":\"a\"}"))
                .contains("accountId");
        assertThat(failure("{\"replyId\":\"r1\",\"conversationKey\":\"twitter:thread:5\",\"text\":\"x\",\"mode\":\"fax\"}"))
                .contains("mode").contains("fax");
    }

    private static String failure(String json) {
        return catchThrowableOfType(InvalidReplyException.class, () -> ReplyRequestParser.parse(json)).getMessage();
    }
}
