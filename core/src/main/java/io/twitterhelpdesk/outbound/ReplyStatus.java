package io.twitterhelpdesk.outbound;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.twitterhelpdesk.state.ReplyState;

/**
 * The outcome of a reply, as published on the status queue and answered by {@code GET /api/v1/replies/{id}}:
 * {@code {"replyId","status":"queued|sent|rejected|failed","twitterId","error":{"code","message"}}}: the reply's
 * {@link ReplyState}, but a reply still {@code sending} shows as {@code queued}. The status event of a reply whose
 * text holds a link also has {@code costUnits}, {@code estimatedCost} and {@code currency} ({@link ReplyPrices}).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"replyId", "status", "twitterId", "error", "costUnits", "estimatedCost", "currency"})
public record ReplyStatus(String replyId, String status, String twitterId, Error error,
        @JsonInclude(JsonInclude.Include.NON_NULL) String costUnits,
        @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal estimatedCost,
        @JsonInclude(JsonInclude.Include.NON_NULL) String currency) {

    public ReplyStatus(String replyId, String status, String twitterId, Error error) {
        this(replyId, status, twitterId, error, null, null, null);
    }

    /**
     * This status flagged with the price X bills for the reply (a reply whose text holds a link, {@link ReplyPrices}):
     * its billable unit ({@code post_create_with_url}, {@code dm_create}) and estimated cost.
     */
    public ReplyStatus priced(String unit, BigDecimal cost, String costCurrency) {
        return new ReplyStatus(replyId, status, twitterId, error, unit, cost, costCurrency);
    }

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
