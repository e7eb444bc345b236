package io.twitterhelpdesk.xapi;

import twitter4j.TwitterException;
import twitter4j.v1.RateLimitStatus;

/**
 * A failed X API v2 call: an error status with its problem ({@code title}, {@code detail}, or the first of
 * {@code errors}), or no answer at all (status -1, the I/O failure as cause). It is a {@link TwitterException}, with
 * the same accessors answering for v2, so the connector sorts v1.1 and v2 failures in one place: the poll gate's
 * backoff and rate-limit wait, and a reply's retry later, retry with backoff or refusal.
 */
public final class XApiException extends TwitterException {

    private static final long serialVersionUID = 1L;

    private final String message;
    private final int status;
    private final String detail;
    private final transient RateLimit rateLimit;

    public XApiException(String request, int status, String detail, RateLimit rateLimit) {
        super(request + " answered HTTP " + status + ": " + detail, null, status);
        this.message = request + " answered HTTP " + status + ": " + detail;
        this.status = status;
        this.detail = detail;
        this.rateLimit = rateLimit;
    }

    /** No answer: the connection was refused, timed out or broke. */
    public XApiException(String request, Exception cause) {
        super(request + " failed", cause, -1);
        this.message = request + " failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
        this.status = -1;
        this.detail = null;
        this.rateLimit = null;
    }

    @Override
    public String getMessage() {
        return message;
    }

    @Override
    public int getStatusCode() {
        return status;
    }

    /** v2 problems carry no numeric code; the reply status reports {@code http_<status>}. */
    @Override
    public int getErrorCode() {
        return -1;
    }

    @Override
    public String getErrorMessage() {
        return detail;
    }

    @Override
    public RateLimitStatus getRateLimitStatus() {
        return rateLimit;
    }

    @Override
    public boolean exceededRateLimitation() {
        return status == TOO_MANY_REQUESTS;
    }

    @Override
    public boolean isCausedByNetworkIssue() {
        return status < 0;
    }
}
