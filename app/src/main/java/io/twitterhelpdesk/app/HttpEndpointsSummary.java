package io.twitterhelpdesk.app;

import java.util.List;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.HttpEndpointModel;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoints summary at start, with the address each server is bound to ({@code camel.server.host},
 * {@code camel.management.host}): Camel's own summary prints {@code 0.0.0.0} whatever the host, so a server on
 * loopback looked reachable from other hosts (its logger, MainHttpServerUtil, is off in log4j2.properties). Logged
 * once the routes run, and again after a route reload that changed the endpoints, as Camel's was.
 */
final class HttpEndpointsSummary extends SimpleEventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpointsSummary.class);

    private final CamelContext context;
    private volatile List<HttpEndpointModel> lastApi = List.of();
    private volatile List<HttpEndpointModel> lastManagement = List.of();

    HttpEndpointsSummary(CamelContext context) {
        this.context = context;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStartedEvent || event instanceof CamelEvent.RouteReloadedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.RouteReloadedEvent reloaded && reloaded.getIndex() < reloaded.getTotal()) {
            return; // one summary after the last route of a reload
        }
        PlatformHttpComponent http = context.hasComponent("platform-http") instanceof PlatformHttpComponent c ? c : null;
        if (http == null) {
            return;
        }
        MainHttpServer api = context.hasService(MainHttpServer.class);
        if (api != null) {
            lastApi = logIfChanged("HTTP endpoints summary", baseUrl(api.getHost(), api.getPort(),
                    tls(api.getSslContextParameters(), api.isUseGlobalSslContextParameters())),
                    http.getHttpEndpoints(), lastApi);
        }
        ManagementHttpServer management = context.hasService(ManagementHttpServer.class);
        if (management != null) {
            lastManagement = logIfChanged("HTTP Management endpoints summary", baseUrl(management.getHost(),
                    management.getPort(), tls(management.getSslContextParameters(),
                            management.isUseGlobalSslContextParameters())),
                    http.getHttpManagementEndpoints(), lastManagement);
        }
    }

    private boolean tls(SSLContextParameters own, boolean global) {
        return own != null || global && context.getSSLContextParameters() != null;
    }

    /** {@code http://127.0.0.1:8080}; an IPv6 address in brackets. */
    static String baseUrl(String host, int port, boolean tls) {
        return (tls ? "https" : "http") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static List<HttpEndpointModel> logIfChanged(String header, String baseUrl, Set<HttpEndpointModel> endpoints,
            List<HttpEndpointModel> last) {
        List<HttpEndpointModel> now = List.copyOf(endpoints);
        if (now.isEmpty() || now.equals(last)) {
            return last;
        }
        int urlWidth = now.stream().mapToInt(e -> baseUrl.length() + e.getUri().length()).max().orElse(0) + 3;
        int verbsWidth = Math.max(8, now.stream().mapToInt(e -> e.getVerbs() == null ? 0 : e.getVerbs().length() + 2)
                .max().orElse(0));
        LOG.info(header);
        for (HttpEndpointModel endpoint : now) {
            LOG.info("    {}", String.format("%-" + urlWidth + "s %-" + verbsWidth + "s %s",
                    baseUrl + endpoint.getUri(), endpoint.getVerbs() == null ? "" : "(" + endpoint.getVerbs() + ")",
                    mediaTypes(endpoint)).stripTrailing());
        }
        return now;
    }

    private static String mediaTypes(HttpEndpointModel endpoint) {
        String consumes = endpoint.getConsumes();
        String produces = endpoint.getProduces();
        if (consumes == null && produces == null) {
            return "";
        }
        return "(" + (consumes != null ? "accept:" + consumes : "") + (consumes != null && produces != null ? " " : "")
                + (produces != null ? "produce:" + produces : "") + ")";
    }
}
