package io.twitterhelpdesk.outbound;

/** Twitter refused the send for good (e.g. 349 cannot DM this user, 187 duplicate): the reply failed. */
public class TwitterRefusedException extends Exception {

    private final String code;

    public TwitterRefusedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
