package io.twitterhelpdesk.embed;

import java.time.Clock;
import java.util.Optional;

import javax.sql.DataSource;

import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.config.Settings;
import io.twitterhelpdesk.config.StateConfig;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The one account a Kamelet of the connector works for, configured as the standalone connector configures its
 * accounts: the Kamelet names the account ({@code account}), and the application's properties (or environment)
 * hold the connector's keys for it, {@code twitter.account.<account>.*} (screen name, credentials, API, channels,
 * poll delays, inboxes), {@code twitter.api.*} (X's endpoints) and {@code state.*} (the state database), over the
 * defaults of the connector's application.properties. So the account is read and checked by the same
 * {@link AccountRegistry} and the same configuration classes, a bad value is refused naming its key, and a source and
 * a sink of one account cannot disagree about it. Subclasses build their side on {@link #start}; without an account
 * they serve the standalone connector's own routes with its beans.
 */
public abstract class KameletAccount extends ServiceSupport implements CamelContextAware {

    private CamelContext camelContext;
    private String account;
    private Clock clock = Clock.systemUTC();

    /** The account's name: the {@code <account>} of its {@code twitter.account.<account>.*} keys. */
    public String accountName() {
        return present(account).orElse("");
    }

    /** Whether the Kamelet names an account; without one it serves the standalone connector's routes. */
    protected boolean hasAccount() {
        return present(account).isPresent();
    }

    protected static Optional<String> present(String value) {
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }

    /**
     * The connector's configuration as this Kamelet sees it: its account as the only one ({@code twitter.accounts}),
     * the application's properties, then the defaults of the connector's application.properties.
     */
    protected Settings settings() {
        return Settings.overDefaults(key -> AccountRegistry.ACCOUNTS_KEY.equals(key) ? Optional.of(accountName())
                : camelContext.getPropertiesComponent().resolveProperty(key));
    }

    /** The Kamelet's one account, read and checked as the standalone connector reads its accounts. */
    protected AccountRegistry registry(Settings settings) {
        AccountRegistry registry = AccountRegistry.load(settings.source());
        registry.get(accountName());
        return registry;
    }

    protected KameletAccounts accounts() {
        if (camelContext == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " needs its CamelContext before it starts");
        }
        return KameletAccounts.of(camelContext);
    }

    /** The state database of {@code state.url}, shared by the context's Kamelets that name it. */
    protected DataSource database(StateConfig state) {
        return accounts().database(state.url(), state.user(), state.password());
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    public Clock getClock() {
        return clock;
    }

    public void setClock(Clock clock) {
        this.clock = clock;
    }

    public void setAccount(String account) {
        this.account = account;
    }

    /** Names the account only. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + accountName() + "]";
    }
}
