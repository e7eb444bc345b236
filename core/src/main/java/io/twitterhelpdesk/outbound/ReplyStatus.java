package io.twitterhelpdesk.outbound;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The outcome of a reply, as published on the status queue and answered by {@code GET /api/v1/replies/{id}}:
 * {@code {"replyId","status":"queued|sent|rejected|failed","twitterId","error":{"code","message"}}}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"replyId", "status", "twitterId", "error"})
public record ReplyStatus(String replyId, String status, String twitterId, Error error) {

    public static final String QUEUED = "queued";
    public static final String SENDING = "sending";
    public static final String SENT = "sent";
    public static final String REJECTED = "rejected";
    public static final String FAILED = "failed";

    @JsonPropertyOrder({"code", "message"})
    public record Error(String code, String message) {
    }

    public static ReplyStatus queued(String replyId) {
        return new ReplyStatus(replyId, QUEUED, null, null);
    }

    public static ReplyStatus sent(String replyId, String twitterId) {
        return new ReplyStatus(replyId, SENT, twitterId, null);
    }

    public static ReplyStatus rejected(String replyId, String code, String message) {
        return new ReplyStatus(replyId, REJECTED, null, new Error(code, message));
    }

    public static ReplyStatus failed(String replyId, String code, String message) {
        return new ReplyStatus(replyId, FAILED, null, new Error(code, message));
    }
}
