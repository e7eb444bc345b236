package io.twitterhelpdesk.account;

/**
 * Told when Twitter refuses an account's credentials (HTTP 401) outside the account health check, e.g. on a reply
 * send, so the account is marked unhealthy at once instead of at the next check.
 */
public interface CredentialsListener {

    CredentialsListener NONE = (account, detail) -> {
    };

    void refused(String account, String detail);
}
