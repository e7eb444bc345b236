package io.twitterhelpdesk.config;

import java.time.Duration;
import java.util.Optional;

import org.apache.camel.PropertyInject;

/**
 * The {@code twitter.api.*} and {@code twitter.app.*} keys: where the connector reaches X (v1.1, v2, uploads, DM
 * files, token endpoints), how long it waits, and the app's own credentials for the X Activity API. Sandbox mode
 * overrides the URLs with the sandbox's before this is bound.
 */
public final class TwitterApiConfig {

    @PropertyInject("twitter.api.rest-base-url")
    private String restBaseUrl;
    @PropertyInject("twitter.api.upload-base-url")
    private String uploadBaseUrl;
    @PropertyInject("twitter.api.v2-base-url")
    private String v2BaseUrl;
    @PropertyInject("twitter.api.oauth2-token-url")
    private String oauth2TokenUrl;
    @PropertyInject("twitter.api.app-token-url")
    private String appTokenUrl;
    @PropertyInject("twitter.api.ton-base-url")
    private String tonBaseUrl;
    @PropertyInject("twitter.api.connect-timeout")
    private Duration connectTimeout;
    @PropertyInject("twitter.api.read-timeout")
    private Duration readTimeout;
    @PropertyInject("twitter.app.bearer-token")
    private Optional<String> appBearerToken;
    @PropertyInject("twitter.app.consumer-key")
    private Optional<String> appConsumerKey;
    @PropertyInject("twitter.app.consumer-secret")
    private Optional<String> appConsumerSecret;

    /** The v1.1 REST base URL. */
    public String restBaseUrl() {
        return restBaseUrl;
    }

    /** Where v1.1 accounts upload a reply's media. */
    public String uploadBaseUrl() {
        return uploadBaseUrl;
    }

    public String v2BaseUrl() {
        return v2BaseUrl;
    }

    /** The OAuth 2.0 token endpoint of {@code auth = oauth2} accounts. */
    public String oauth2TokenUrl() {
        return oauth2TokenUrl;
    }

    /** Where the app-only bearer token is obtained (grant client_credentials). */
    public String appTokenUrl() {
        return appTokenUrl;
    }

    /** Where v1.1 DM files are fetched. */
    public String tonBaseUrl() {
        return tonBaseUrl;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    public Optional<String> appBearerToken() {
        return appBearerToken;
    }

    public Optional<String> appConsumerKey() {
        return appConsumerKey;
    }

    public Optional<String> appConsumerSecret() {
        return appConsumerSecret;
    }
}
