package io.twitterhelpdesk.app;

import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.sandbox.TwitterSandbox;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the built-in Twitter API sandbox inside the connector (sandbox mode): every configured account is registered
 * with its credentials, so the connector's real twitter4j clients authenticate against it as they would against
 * Twitter.
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
            sandbox.registerAccount(id++, a.screenName(), a.screenName(), a.consumerKey(), a.consumerSecret(),
                    a.accessToken(), a.accessTokenSecret());
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
