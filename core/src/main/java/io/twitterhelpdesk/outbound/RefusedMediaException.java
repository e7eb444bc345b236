package io.twitterhelpdesk.outbound;

/**
 * A reply's media the connector will not send: {@code media_too_large}, {@code media_type_not_allowed},
 * {@code media_unavailable} or {@code media_invalid}. The REST API answers it with {@link #httpStatus()}; on the
 * reply queue it is a {@code rejected} status with the code.
 */
public class RefusedMediaException extends InvalidReplyException {

    public static final String TOO_LARGE = "media_too_large";
    public static final String TYPE_NOT_ALLOWED = "media_type_not_allowed";
    public static final String UNAVAILABLE = "media_unavailable";
    public static final String INVALID = "media_invalid";

    public RefusedMediaException(String code, String message) {
        super(code, message);
    }

    /** 413 for a file over the cap, 422 for a type not allowed or a URL that gives no media, else 400. */
    public int httpStatus() {
        return switch (code()) {
            case TOO_LARGE -> 413;
            case TYPE_NOT_ALLOWED, UNAVAILABLE -> 422;
            default -> 400;
        };
    }
}
