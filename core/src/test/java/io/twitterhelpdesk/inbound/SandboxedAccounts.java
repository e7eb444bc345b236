package io.twitterhelpdesk.inbound;

import java.time.Instant;
import java.util.Optional;

import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.conversation.MutableClock;
import io.twitterhelpdesk.conversation.TestDatabase;
import io.twitterhelpdesk.e2e.support.TestAccounts;
import io.twitterhelpdesk.sandbox.TwitterSandbox;
import io.twitterhelpdesk.state.StateStore;
import io.twitterhelpdesk.xapi.TwitterClients;
import twitter4j.Twitter;
import twitter4j.TwitterException;

/**
 * The two test accounts on a Twitter sandbox (127.0.0.1, free ports), reached by the real twitter4j client through
 * {@link TwitterClients}, with a fresh H2 state store and a clock the test moves: what the pollers and their gate
 * work against.
 */
final class SandboxedAccounts implements AutoCloseable {

    static final String SUPPORT = "acme_support";
    static final String SALES = "acme_sales";

    final TwitterSandbox sandbox = new TwitterSandbox("127.0.0.1", 0, 0).start();
    final AccountRegistry accounts;
    final TwitterClients clients;
    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    final StateStore state = new StateStore(TestDatabase.migrated(), clock);

    SandboxedAccounts() {
        TestAccounts.register(sandbox);
        sandbox.disableRateLimits();
        var props = TestAccounts.properties();
        accounts = AccountRegistry.load(k -> Optional.ofNullable(props.get(k)));
        clients = new TwitterClients(accounts, sandbox.restBaseUrl(), 5_000, 5_000, null);
    }

    Twitter client(String account) {
        return clients.client(account);
    }

    /** The exception twitter4j throws for the sandbox's next answer on the mentions timeline, set up by {@code fault}. */
    TwitterException mentionsFailure(Runnable fault) {
        fault.run();
        try {
            client(SUPPORT).v1().timelines().getMentionsTimeline();
        } catch (TwitterException e) {
            return e;
        }
        throw new AssertionError("the sandbox answered the mentions timeline without the fault");
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
