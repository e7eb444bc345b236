package io.twitterhelpdesk.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.apache.camel.PropertyInject;

/**
 * The REST API and webhook server: the {@code camel.server.*} address camel-main serves them at, the {@code api.*}
 * keys (API keys, largest reply request) and the {@code webhook.*} keys (path, the app's secret and id).
 */
public final class ApiServerConfig {

    @PropertyInject("camel.server.host")
    private String host;
    @PropertyInject("camel.server.port")
    private int port;
    @PropertyInject("api.keys")
    private String keys;
    @PropertyInject("api.max-body-size")
    private int maxBodySize;
    @PropertyInject("webhook.path")
    private String webhookPath;
    @PropertyInject("webhook.consumer-secret")
    private Optional<String> webhookConsumerSecret;
    @PropertyInject("webhook.app-id")
    private String webhookAppId;

    public String host() {
        return host;
    }

    /** Whether only this host can reach the server. */
    public boolean loopback() {
        return host.matches("127\\..*|localhost|::1");
    }

    public int port() {
        return port;
    }

    /** The accepted API keys; empty when none is set. */
    public List<String> keys() {
        return Arrays.stream(keys.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList();
    }

    /** The largest reply request, in bytes. */
    public int maxBodySize() {
        return maxBodySize;
    }

    public String webhookPath() {
        return webhookPath;
    }

    public Optional<String> webhookConsumerSecret() {
        return webhookConsumerSecret;
    }

    /** The app's id (its own DMs are echoes); empty when not set. */
    public String webhookAppId() {
        return webhookAppId;
    }
}
