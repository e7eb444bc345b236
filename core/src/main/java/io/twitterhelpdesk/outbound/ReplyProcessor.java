package io.twitterhelpdesk.outbound;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twitterhelpdesk.state.ReplyLedger;
import io.twitterhelpdesk.state.ReplyRecord;
import io.twitterhelpdesk.state.ReplyState;

/**
 * The reply queue's first step: parse the request, keep the client's replyId idempotent (a reply with a final
 * outcome is never sent again), and ask the policy. Returns an {@link OutgoingReply} to send, a {@link ReplyStatus}
 * to publish (rejected; or, for a replyId that already has a final outcome, that first outcome again).
 */
public final class ReplyProcessor {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReplyLedger ledger;
    private final ReplyPolicy policy;
    private final MediaRules media;
    private final ReplyPrices prices;

    public ReplyProcessor(ReplyLedger ledger, ReplyPolicy policy, MediaRules media, ReplyPrices prices) {
        this.ledger = ledger;
        this.policy = policy;
        this.media = media;
        this.prices = prices;
    }

    public Object prepare(String body) {
        return prepare(body, null);
    }

    /**
     * The same for a sender that answers from one account only (the sink Kamelet): a request without
     * {@code accountId} is answered from {@code accountId}, one naming another account is rejected
     * ({@code unknown_account}); the customer must have written to that account, as with an explicit accountId.
     */
    public Object prepareFrom(String body, long accountId) {
        return prepare(body, accountId);
    }

    private Object prepare(String body, Long onlyAccountId) {
        ReplyRequest request;
        try {
            request = ReplyRequestParser.parse(body);
            media.checkRequest(request.media());
        } catch (InvalidReplyException e) {
            String replyId = replyIdOf(body);
            if (replyId != null && ledger.accepted(replyId, null)) {
                ledger.rejected(replyId, e.code(), e.getMessage());
            }
            return ReplyStatus.rejected(replyId, e.code(), e.getMessage());
        }
        Optional<ReplyRecord> existing = ledger.reply(request.replyId());
        boolean resumed = false;
        if (existing.isPresent()) {
            if (existing.get().state().isFinal()) {
                return toStatus(existing.get());
            }
            resumed = existing.get().state() == ReplyState.SENDING;
        } else {
            ledger.accepted(request.replyId(), request.conversationKey());
        }
        if (onlyAccountId != null) {
            if (request.accountId() == null) {
                request = new ReplyRequest(request.replyId(), request.conversationKey(), request.text(),
                        Long.toString(onlyAccountId), request.mode(), request.media());
            } else if (!request.accountId().equals(Long.toString(onlyAccountId))) {
                String message = "accountId " + request.accountId() + " is not the account this sender answers from ("
                        + onlyAccountId + ")";
                ledger.rejected(request.replyId(), "unknown_account", message);
                return ReplyStatus.rejected(request.replyId(), "unknown_account", message);
            }
        }
        // a send under way when the connector stopped: the sender first looks on Twitter whether it went out
        ReplyDecision decision = resumed ? policy.decideResumed(request) : policy.decide(request);
        if (decision instanceof ReplyDecision.Reject reject) {
            ledger.rejected(request.replyId(), reject.code(), reject.message());
            ReplyStatus rejected = ReplyStatus.rejected(request.replyId(), reject.code(), reject.message());
            // a public reply refused for its link: what it would have cost
            return ReplyPolicy.isUrlRefusal(reject.code()) ? prices.flag(rejected, false, request.text()) : rejected;
        }
        return new OutgoingReply(request.replyId(), (ReplyDecision.Send) decision,
                resumed ? existing.get().updatedAt() : null, request.media());
    }

    /**
     * The final failure for the exception the exchange caught: a refusal's own code, else {@code code}. The
     * exception's text is read here, not passed as a {@code ${exception.message}} argument, because Camel resolves
     * {@code {{...}}} in argument values and the text may quote an answer from outside.
     */
    public ReplyStatus failedOnException(org.apache.camel.Exchange exchange, String code) {
        Exception e = exchange.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = e instanceof TwitterRefusedException refused ? refused.code() : code;
        return failed(exchange.getVariable("replyId", String.class), reason, e == null ? null : e.getMessage());
    }

    /** Records and returns a final failure (after retries, or a refusal by Twitter). */
    public ReplyStatus failed(String replyId, String code, String message) {
        ledger.failed(replyId, code, message);
        return ReplyStatus.failed(replyId, code, message);
    }

    /** The replyId of a request that did not pass validation, when it has a usable one (to report against it). */
    private static String replyIdOf(String body) {
        try {
            JsonNode id = JSON.readTree(body).path("replyId");
            return id.isTextual() && id.asText().matches("[A-Za-z0-9._:-]{1,128}") ? id.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** The stored outcome of a reply, as the status API shows it. */
    public Optional<ReplyStatus> status(String replyId) {
        return ledger.reply(replyId).map(ReplyProcessor::toStatus);
    }

    /** A reply as clients see it: one still {@code sending} (its outcome unknown) shows as {@code queued}. */
    static ReplyStatus toStatus(ReplyRecord r) {
        ReplyStatus.Error error = r.errorCode() == null ? null : new ReplyStatus.Error(r.errorCode(), r.errorMessage());
        ReplyState shown = r.state() == ReplyState.SENDING ? ReplyState.QUEUED : r.state();
        return new ReplyStatus(r.replyId(), shown.value(), r.twitterId(), error);
    }
}
