package io.twitterhelpdesk.media;

import java.time.Duration;

/**
 * Why a media file cannot be served, as the API answers it: the HTTP status, a problem code, a message for people
 * and, for what passes (X unavailable or rate limited), when to try again.
 */
public final class MediaProblem extends Exception {

    private final int status;
    private final String code;
    private final Duration retryAfter;

    public MediaProblem(int status, String code, String message, Duration retryAfter) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public MediaProblem(int status, String code, String message) {
        this(status, code, message, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Seconds to wait before asking again, or null when asking again will not help. */
    public Long retryAfterSeconds() {
        return retryAfter == null ? null : Math.max(1, retryAfter.toSeconds());
    }
}
