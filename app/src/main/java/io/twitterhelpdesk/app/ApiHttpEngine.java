package io.twitterhelpdesk.app;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * platform-http's Vert.x engine, told the API server's port ({@code camel.server.port}) instead of finding it by
 * looking for the one HTTP server in the registry: with camel-main's management server on a port of its own there
 * are two, and the stock engine then falls back to port 8080 (see {@link Operations}).
 */
final class ApiHttpEngine extends VertxPlatformHttpEngine {

    private final int port;

    ApiHttpEngine(int port) {
        this.port = port;
    }

    @Override
    public int getServerPort() {
        return port;
    }
}
