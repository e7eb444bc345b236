package io.twitterhelpdesk.embed;

import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.config.Settings;
import io.twitterhelpdesk.config.TwitterApiConfig;
import io.twitterhelpdesk.state.StateDatabase;
import io.twitterhelpdesk.xapi.XApiTransport;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Kamelets of one CamelContext share: one state database per JDBC URL (Flyway runs once, and the sink's
 * sending rules read what the source recorded), and one Twitter connection per account and database, so a source and
 * a sink of the same account use one client, one numeric-id lookup and one holder of its rotating OAuth 2.0 tokens.
 *
 * <p>Bound once in the context's registry and stopped with the context (it closes the databases).
 */
public final class KameletAccounts extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(KameletAccounts.class);
    static final String BEAN_NAME = "twitterHelpdeskKameletAccounts";

    private final CamelContext context;
    private final Map<String, StateDatabase> databases = new HashMap<>();
    private final Map<String, ConnectorBeans.TwitterAccess> connections = new HashMap<>();

    private KameletAccounts(CamelContext context) {
        this.context = context;
    }

    /** The context's instance, created and bound on first use. */
    static KameletAccounts of(CamelContext context) {
        synchronized (KameletAccounts.class) {
            KameletAccounts found = context.getRegistry().lookupByNameAndType(BEAN_NAME, KameletAccounts.class);
            if (found == null) {
                found = new KameletAccounts(context);
                try {
                    context.addService(found, true, false);
                } catch (Exception e) {
                    throw new IllegalStateException("Could not register the Kamelets' shared state", e);
                }
                context.getRegistry().bind(BEAN_NAME, found);
            }
            return found;
        }
    }

    /** The state database at this URL, started (and migrated) on first use. */
    synchronized DataSource database(String url, String user, String password) {
        StateDatabase database = databases.get(url);
        if (database == null) {
            database = new StateDatabase(url, user, password);
            ServiceHelper.startService(database);
            databases.put(url, database);
            LOG.info("Twitter helpdesk Kamelets keep their state in {}", url);
        }
        return database.dataSource();
    }

    /**
     * The account's Twitter connection in this state database, built by the first Kamelet of the account (every
     * Kamelet of the account reads the same keys of the application's properties).
     */
    synchronized ConnectorBeans.TwitterAccess twitter(KameletAccount kamelet, String stateUrl, DataSource state,
            AccountRegistry registry, Settings settings) {
        return connections.computeIfAbsent(stateUrl + " " + kamelet.accountName(), id -> {
            TwitterApiConfig api = settings.bind(new TwitterApiConfig());
            XApiTransport transport = XApiTransport.throughKamelets(context, api.v2BaseUrl(), api.oauth2TokenUrl(),
                    api.connectTimeout(), api.readTimeout());
            return ConnectorBeans.twitterAccess(settings, registry, api.restBaseUrl(), state, kamelet.getClock(),
                    transport, true);
        });
    }

    @Override
    protected void doStop() {
        synchronized (this) {
            connections.clear();
            databases.values().forEach(ServiceHelper::stopService);
            databases.clear();
        }
    }
}
