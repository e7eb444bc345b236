package io.twitterhelpdesk.config;

import org.apache.camel.PropertyInject;

/** The {@code sandbox.*} keys: whether the connector runs the built-in Twitter sandbox, and where it listens. */
public final class SandboxConfig {

    @PropertyInject("sandbox.enabled")
    private boolean enabled;
    @PropertyInject("sandbox.host")
    private String host;
    @PropertyInject("sandbox.api-port")
    private int apiPort;
    @PropertyInject("sandbox.admin-port")
    private int adminPort;
    @PropertyInject("sandbox.rate-limits-enabled")
    private boolean rateLimitsEnabled;

    public boolean enabled() {
        return enabled;
    }

    public String host() {
        return host;
    }

    /** The sandbox's Twitter API port (0: any free one). */
    public int apiPort() {
        return apiPort;
    }

    /** The sandbox's admin API port (0: any free one). */
    public int adminPort() {
        return adminPort;
    }

    public boolean rateLimitsEnabled() {
        return rateLimitsEnabled;
    }
}
