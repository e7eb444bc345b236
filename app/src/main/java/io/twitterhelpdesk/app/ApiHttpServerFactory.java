package io.twitterhelpdesk.app;

import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.component.platform.http.main.DefaultMainHttpServerFactory;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.main.HttpServerConfigurationProperties;

/**
 * camel-main's HTTP server factory, whose API server is an {@link ApiHttpServer} (with the settings camel-main gives
 * its own: {@code camel.server.*}); the management server is camel-main's. camel-main takes a factory bound in the
 * registry ({@link ConnectorMain#newMain}) before its own.
 */
final class ApiHttpServerFactory extends DefaultMainHttpServerFactory {

    @Override
    public Service newHttpServer(CamelContext camelContext, HttpServerConfigurationProperties configuration) {
        return ApiHttpServer.withSettingsOf((MainHttpServer) super.newHttpServer(camelContext, configuration));
    }
}
