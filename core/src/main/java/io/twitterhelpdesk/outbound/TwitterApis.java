package io.twitterhelpdesk.outbound;

import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.account.ApiVersion;
import io.twitterhelpdesk.xapi.TwitterClients;
import io.twitterhelpdesk.xapi.XApiClient;

/**
 * How the sender reaches Twitter for an account: the accounts (which API each one speaks), twitter4j clients for the
 * v1.1 accounts, and the X API v2 client.
 */
public record TwitterApis(AccountRegistry accounts, TwitterClients clients, XApiClient xApi) {

    /** Whether the account speaks X API v2. */
    public boolean v2(String accountName) {
        return accounts.get(accountName).api() == ApiVersion.V2;
    }
}
