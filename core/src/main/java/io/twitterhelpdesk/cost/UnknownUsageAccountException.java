package io.twitterhelpdesk.cost;

/** The usage API named neither a configured account nor the X user id of one (404 {@code account_not_found}). */
public final class UnknownUsageAccountException extends RuntimeException {

    public UnknownUsageAccountException(String account) {
        super("No account '" + account + "': name a configured account or its X user id");
    }

    public String code() {
        return "account_not_found";
    }
}
