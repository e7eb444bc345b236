package io.twitterhelpdesk.app;

import io.twitterhelpdesk.config.ClusterConfig;
import io.twitterhelpdesk.config.HealthConfig;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.jms.ConnectionFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.health.AccountHealth;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.cluster.DatabaseLeaseClusterService;
import io.twitterhelpdesk.health.AccountHealthCheck;
import io.twitterhelpdesk.health.AccountHealthChecks;
import io.twitterhelpdesk.health.BrokerHealthCheck;
import io.twitterhelpdesk.health.IngestionHeartbeats;
import io.twitterhelpdesk.health.StateStoreHealthCheck;
import io.twitterhelpdesk.inbound.DuePolls;
import io.twitterhelpdesk.inbound.PollObserver;
import io.twitterhelpdesk.metrics.ConnectorMetrics;
import io.twitterhelpdesk.state.StateDatabase;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;

/**
 * The operations side of the wiring: business metrics, what the health checks read, the health checks themselves,
 * the cluster service (the pollers' leadership and the X Activity routes' {@code master:} endpoints), the platform-http engine pinned to the API port and
 * the HTTP endpoints summary.
 * {@link #prepare} before the beans that report to it are built, {@link #start} once the broker and the state
 * database are up.
 */
final class Operations {

    /** The cluster namespace of an account's polls ({@link DuePolls}). */
    static final String POLLERS_NAMESPACE = "pollers-";

    private final AccountRegistry accounts;
    private final Clock clock;
    private final ConnectorMetrics metrics;
    private final IngestionHeartbeats heartbeats;

    private Operations(AccountRegistry accounts, Clock clock, ConnectorMetrics metrics, IngestionHeartbeats heartbeats) {
        this.accounts = accounts;
        this.clock = clock;
        this.metrics = metrics;
        this.heartbeats = heartbeats;
    }

    static Operations prepare(CamelContext context, AccountRegistry accounts, Clock clock)
            throws Exception {
        Registry registry = context.getRegistry();
        pinPlatformHttpToTheApiPort(context);
        context.getManagementStrategy().addEventNotifier(new HttpEndpointsSummary(context));
        RouteFileReload.install(context);
        // the registry camel-micrometer-prometheus serves on /observe/metrics (it takes the one bound here)
        MeterRegistry meters = registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                MeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        }
        ConnectorMetrics metrics = new ConnectorMetrics(meters, accounts);
        registry.bind("connectorMetrics", metrics);
        IngestionHeartbeats heartbeats = new IngestionHeartbeats(clock);
        registry.bind("ingestionHeartbeats", heartbeats);
        return new Operations(accounts, clock, metrics, heartbeats);
    }

    /**
     * The REST DSL and the webhook run on platform-http, whose Vert.x engine looks its server up by type. With the
     * management server on its own port there are two servers, the lookup finds none and the engine assumes port
     * 8080: routes then fail to start ("No PlatformHttpEngine ... platform-http-router-8080") unless the API happens
     * to be on 8080. An engine given the port of the API server camel-main configured (by then created, not yet
     * started) attaches the routes to it.
     */
    private static void pinPlatformHttpToTheApiPort(CamelContext context) {
        MainHttpServer api = context.hasService(MainHttpServer.class);
        if (api != null) {
            context.getRegistry().bind(PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME, new ApiHttpEngine(api.getPort()));
        }
    }

    ConnectorMetrics metrics() {
        return metrics;
    }

    IngestionHeartbeats heartbeats() {
        return heartbeats;
    }

    PollObserver pollObserver() {
        return PollObserver.both(metrics, heartbeats);
    }

    /** The cluster service (leases in the state database) and the health checks. */
    void start(CamelContext context, ClusterConfig clusterConfig, HealthConfig health, StateDatabase database,
            ConnectionFactory connections, String broker, AccountHealth accountHealth, DuePolls duePolls)
            throws Exception {
        DatabaseLeaseClusterService cluster = new DatabaseLeaseClusterService(database.dataSource(),
                clusterConfig.nodeId().orElseGet(Operations::defaultNodeId), clusterConfig.leaseDuration(),
                clusterConfig.renewInterval(), clock);
        context.addService(cluster, true, true);
        Registry registry = context.getRegistry();
        registry.bind("clusterService", cluster);
        // the pollers poll where this instance leads their account (the leases are looked after from the start), and
        // at once when this instance takes an account over
        duePolls.leadBy(account -> cluster.leads(POLLERS_NAMESPACE + account));
        for (String account : duePolls.polledAccounts()) {
            cluster.getView(POLLERS_NAMESPACE + account).addEventListener(
                    (CamelClusterEventListener.Leadership) (view, leader) -> {
                        if (leader != null && leader.isLocal()) {
                            duePolls.pollNow(account);
                        }
                    });
        }

        registry.bind("brokerHealthCheck", new BrokerHealthCheck(connections, broker));
        registry.bind("stateStoreHealthCheck", new StateStoreHealthCheck(database.dataSource(), database.product()));
        Duration staleAfter = health.pollStaleAfter();
        List<AccountHealthCheck> accountChecks = new ArrayList<>();
        for (Account account : accounts.all()) {
            accountChecks.add(new AccountHealthCheck(account, heartbeats, name -> pollingHereSince(cluster, name),
                    staleAfter, clock, accountHealth::status));
        }
        // one repository in the health check registry, not a bean per account (see AccountHealthChecks)
        AccountHealthChecks checks = new AccountHealthChecks(accountChecks);
        checks.setCamelContext(context);
        HealthCheckRegistry.get(context).register(checks);
    }

    private static Optional<Instant> pollingHereSince(DatabaseLeaseClusterService cluster, String account) {
        return cluster.leaderSince(POLLERS_NAMESPACE + account);
    }

    /** The host name and process id: unique per process, readable in the lease table and the logs. */
    static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return (host + "-" + ManagementFactory.getRuntimeMXBean().getPid()).toLowerCase(Locale.ROOT);
    }
}
