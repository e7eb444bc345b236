package io.twitterhelpdesk.app;

import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.sandbox.TwitterSandbox;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the built-in Twitter API sandbox inside the connector (sandbox mode): every configured account is registered
 * with its credentials (an OAuth 2.0 account with its configured refresh token), so the connector's real clients
 * authenticate against it as they would against Twitter.
 */
public final class SandboxLauncher extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxLauncher.class);
    private static final long FIRST_ACCOUNT_ID = 4200;

    private final TwitterSandbox sandbox;
    private final AccountRegistry accounts;

    private final String host;
    private final boolean rateLimitsEnabled;

    public SandboxLauncher(String host, int apiPort, int adminPort, boolean rateLimitsEnabled,
            AccountRegistry accounts) {
        this.sandbox = new TwitterSandbox(host, apiPort, adminPort);
        this.host = host;
        this.rateLimitsEnabled = rateLimitsEnabled;
        this.accounts = accounts;
    }

    public TwitterSandbox sandbox() {
        return sandbox;
    }

    @Override
    protected void doStart() throws Exception {
        sandbox.start();
        if (!rateLimitsEnabled) {
            sandbox.disableRateLimits();
        }
        long id = FIRST_ACCOUNT_ID;
        for (Account a : accounts.all()) {
            if (a.usesOAuth1()) {
                sandbox.registerAccount(id++, a.screenName(), a.screenName(), a.consumerKey(), a.consumerSecret(),
                        a.accessToken(), a.accessTokenSecret());
                continue;
            }
            // OAuth 2.0: the account's OAuth 1.0a keys are not configured; made-up ones register it, and the
            // configured refresh token is accepted as its grant
            String unused = "sandbox-unused-" + a.name();
            sandbox.registerAccount(id++, a.screenName(), a.screenName(), unused + "-ck",
                    a.consumerSecret() != null ? a.consumerSecret() : unused + "-cs", unused + "-at", unused + "-ats");
            sandbox.acceptOAuth2RefreshToken(a.screenName(), a.oauth2().clientId(), a.oauth2().clientSecret(),
                    a.oauth2().refreshToken());
        }
        LOG.warn("SANDBOX MODE: the connector talks to the built-in Twitter sandbox at {}, not to Twitter. "
                + "Inject messages through its admin API at http://{}:{}/sandbox/", sandbox.restBaseUrl(), host,
                sandbox.adminPort());
    }

    @Override
    protected void doStop() throws Exception {
        sandbox.close();
    }
}
