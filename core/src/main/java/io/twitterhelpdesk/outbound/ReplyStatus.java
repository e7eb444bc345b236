package io.twitterhelpdesk.outbound;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.twitterhelpdesk.state.ReplyState;

/**
 * The outcome of a reply, as published on the status queue and answered by {@code GET /api/v1/replies/{id}}:
 * {@code {"replyId","status":"queued|sent|rejected|failed","twitterId","error":{"code","message"}}}: the reply's
 * {@link ReplyState}, but a reply still {@code sending} shows as {@code queued}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"replyId", "status", "twitterId", "error"})
public record ReplyStatus(String replyId, String status, String twitterId, Error error) {

    @JsonPropertyOrder({"code", "message"})
    public record Error(String code, String message) {
    }

    public static ReplyStatus queued(String replyId) {
        return new ReplyStatus(replyId, ReplyState.QUEUED.value(), null, null);
    }

    public static ReplyStatus sent(String replyId, String twitterId) {
        return new ReplyStatus(replyId, ReplyState.SENT.value(), twitterId, null);
    }

    public static ReplyStatus rejected(String replyId, String code, String message) {
        return new ReplyStatus(replyId, ReplyState.REJECTED.value(), null, new Error(code, message));
    }

    public static ReplyStatus failed(String replyId, String code, String message) {
        return new ReplyStatus(replyId, ReplyState.FAILED.value(), null, new Error(code, message));
    }
}
