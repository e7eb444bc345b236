package io.twitterhelpdesk.app;

import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.support.service.ServiceHelper;

/**
 * The API server ({@code camel.server.*}: REST API and webhook), camel-main's with a {@link RoutesRunningGate} first
 * on its router: until the routes run, every request is answered 503 with Retry-After. The gate is on the router
 * before the port is bound, so no request can reach the server before it.
 *
 * <p>camel-main's server makes its Vert.x server in {@code doInit} (nothing else there) and starts it in
 * {@code doStart}, which then finds the router; here the Vert.x server is {@link GatedServer}, made and started the
 * same way.
 */
final class ApiHttpServer extends MainHttpServer {

    private GatedServer server;

    /** An API server with the settings camel-main gave its own. */
    static ApiHttpServer withSettingsOf(MainHttpServer configured) {
        ApiHttpServer api = new ApiHttpServer();
        api.setCamelContext(configured.getCamelContext());
        api.setConfiguration(configured.getConfiguration());
        api.setStaticEnabled(configured.isStaticEnabled());
        api.setStaticContextPath(configured.getStaticContextPath());
        api.setStaticSourceDir(configured.getStaticSourceDir());
        return api;
    }

    @Override
    protected void doInit() throws Exception {
        server = new GatedServer(getConfiguration());
        // the CamelContext stops it, as it stops camel-main's own
        getCamelContext().addService(server);
    }

    @Override
    protected void doStart() throws Exception {
        ServiceHelper.startService(server);
        super.doStart();
    }

    /** platform-http's Vert.x server with the gate added to its router between making the router and listening. */
    private static final class GatedServer extends VertxPlatformHttpServer {

        private final VertxPlatformHttpServerConfiguration configuration;

        GatedServer(VertxPlatformHttpServerConfiguration configuration) {
            super(configuration);
            this.configuration = configuration;
        }

        @Override
        protected void initializeServer() {
            super.initializeServer();
            VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(getCamelContext(),
                    VertxPlatformHttpRouter.getRouterNameFromPort(configuration.getPort()));
            router.route().order(Integer.MIN_VALUE).handler(new RoutesRunningGate(getCamelContext()));
        }
    }
}
