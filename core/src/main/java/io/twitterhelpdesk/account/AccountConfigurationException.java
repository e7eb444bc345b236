package io.twitterhelpdesk.account;

/** The account configuration is missing or malformed; the message names the property key to fix. */
public class AccountConfigurationException extends RuntimeException {

    public AccountConfigurationException(String message) {
        super(message);
    }
}
