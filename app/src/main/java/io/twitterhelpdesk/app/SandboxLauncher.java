package io.twitterhelpdesk.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.sandbox.SandboxUser;
import io.twitterhelpdesk.sandbox.TwitterSandbox;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the built-in Twitter API sandbox inside the connector (sandbox mode): every configured account is registered
 * with its credentials (an OAuth 2.0 account with its configured refresh token), so the connector's real clients
 * authenticate against it as they would against Twitter.
 *
 * <p>The sandbox keeps its data in {@code <connector.data-dir>/sandbox/store.jsonl}, next to the connector's state:
 * started again on the same data directory it has the customers, messages and id counters of the earlier run, so
 * the connector's poll cursors and conversations still fit it. An account keeps its id across restarts; a new one
 * gets the next free id from 4200.
 */
public final class SandboxLauncher extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxLauncher.class);
    private static final long FIRST_ACCOUNT_ID = 4200;
    static final String STORE_FILE = "store.jsonl";

    private final TwitterSandbox sandbox;
    private final AccountRegistry accounts;

    private final String host;
    private final boolean rateLimitsEnabled;
    private final Path storeFile;

    /**
     * @param dataDirectory the connector's data directory ({@code connector.data-dir}); the sandbox's file goes in
     *                      its {@code sandbox} folder
     */
    public SandboxLauncher(String host, int apiPort, int adminPort, boolean rateLimitsEnabled,
            AccountRegistry accounts, Path dataDirectory) {
        this.storeFile = dataDirectory.resolve("sandbox").resolve(STORE_FILE);
        if (!Files.exists(storeFile) && holdsEarlierState(dataDirectory)) {
            LOG.warn("The sandbox starts empty in {}, which holds the connector's state of an earlier run without "
                    + "the sandbox's data: new customers get ids from 1000 again, which that state may know as other "
                    + "customers. For a clean demo stop the connector and empty {}", dataDirectory, dataDirectory);
        }
        this.sandbox = new TwitterSandbox(host, apiPort, adminPort, storeFile);
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
        try {
            registerAccounts();
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
        if (!rateLimitsEnabled) {
            sandbox.disableRateLimits();
        }
        LOG.warn("SANDBOX MODE: the connector talks to the built-in Twitter sandbox at {}, not to Twitter. "
                + "Inject messages through its admin API at http://{}:{}/sandbox/ (its data is kept in {})",
                sandbox.restBaseUrl(), host, sandbox.adminPort(), storeFile);
    }

    private void registerAccounts() {
        for (Account a : accounts.all()) {
            long id = accountId(a.screenName());
            if (a.usesOAuth1()) {
                sandbox.registerAccount(id, a.screenName(), a.screenName(), a.consumerKey(), a.consumerSecret(),
                        a.accessToken(), a.accessTokenSecret());
                continue;
            }
            // OAuth 2.0: the account's OAuth 1.0a keys are not configured; made-up ones register it, and the
            // configured refresh token is accepted as its grant
            String unused = "sandbox-unused-" + a.name();
            sandbox.registerAccount(id, a.screenName(), a.screenName(), unused + "-ck",
                    a.consumerSecret() != null ? a.consumerSecret() : unused + "-cs", unused + "-at", unused + "-ats");
            sandbox.acceptOAuth2RefreshToken(a.screenName(), a.oauth2().clientId(), a.oauth2().clientSecret(),
                    a.oauth2().refreshToken());
        }
    }

    @Override
    protected void doStop() throws Exception {
        sandbox.close();
    }

    /**
     * The id the account had in an earlier run (loaded from the sandbox's file), or the first free one from
     * {@value #FIRST_ACCOUNT_ID}.
     *
     * @throws IllegalStateException if the sandbox knows the screen name as a customer's
     */
    private long accountId(String screenName) {
        SandboxUser known = sandbox.user(screenName).orElse(null);
        if (known != null && known.account()) {
            return known.id();
        }
        if (known != null) {
            throw new IllegalStateException("The sandbox knows @" + screenName + " as a customer (id " + known.id()
                    + ") from an earlier run, so it cannot be a company account now: use another screen name, or "
                    + "empty the data directory for a fresh sandbox");
        }
        long id = FIRST_ACCOUNT_ID;
        while (taken(id)) {
            id++;
        }
        return id;
    }

    private boolean taken(long id) {
        return sandbox.users().stream().anyMatch(u -> u.id() == id);
    }

    /** Whether the data directory holds anything besides the sandbox's folder: the connector ran on it before. */
    private static boolean holdsEarlierState(Path dataDirectory) {
        if (!Files.isDirectory(dataDirectory)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dataDirectory)) {
            return entries.anyMatch(p -> !p.getFileName().toString().equals("sandbox"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the data directory " + dataDirectory, e);
        }
    }
}
