package io.twitterhelpdesk.xapi;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app-only bearer token the X Activity API and V2 webhook calls need (stream, subscription deletes, webhooks,
 * replay): the configured {@code twitter.app.bearer-token}, or one obtained with the app's consumer key and secret
 * ({@code POST <twitter.api.app-token-url>} with {@code grant_type=client_credentials}, through route
 * {@code x-oauth2-token}). An obtained token refused with 401 is fetched again once; a configured one cannot be.
 */
public final class AppBearerToken {

    private static final Logger LOG = LoggerFactory.getLogger(AppBearerToken.class);

    private final String configured;
    private final String consumerKey;
    private final String consumerSecret;
    private final String tokenUrl;
    private final XApiTransport transport;
    private volatile String obtained;

    /**
     * @param configured  the bearer token from the developer console, or null to obtain one
     * @param consumerKey the app's consumer key (API key), used when {@code configured} is null
     * @param tokenUrl    e.g. {@code https://api.x.com/oauth2/token}
     */
    public AppBearerToken(String configured, String consumerKey, String consumerSecret, String tokenUrl,
            XApiTransport transport) {
        if (configured == null && (consumerKey == null || consumerSecret == null)) {
            throw new IllegalArgumentException("an app bearer token needs twitter.app.bearer-token, or "
                    + "twitter.app.consumer-key and twitter.app.consumer-secret");
        }
        this.configured = configured;
        this.consumerKey = consumerKey;
        this.consumerSecret = consumerSecret;
        this.tokenUrl = tokenUrl;
        this.transport = transport;
    }

    /** The {@code Authorization} header value, {@code Bearer <token>}. */
    public String header() throws XApiException {
        if (configured != null) {
            return "Bearer " + configured;
        }
        String token = obtained;
        if (token == null) {
            synchronized (this) {
                if (obtained == null) {
                    obtained = obtain();
                }
                token = obtained;
            }
        }
        return "Bearer " + token;
    }

    /** X answered 401 to this header: forget an obtained token so the next call fetches a new one. */
    public boolean refused(String header) {
        synchronized (this) {
            if (configured == null && obtained != null && header.equals("Bearer " + obtained)) {
                obtained = null;
                return true;
            }
            return false;
        }
    }

    private String obtain() throws XApiException {
        String what = "App bearer token request (client_credentials)";
        TokenEndpoint.Answer answer = TokenEndpoint.post(transport, what, tokenUrl, consumerKey, consumerSecret,
                "grant_type=client_credentials");
        if (!answer.hasAccessToken()) {
            String reason = XApiAnswers.detail(answer.json(), answer.body());
            LOG.error("{} refused (HTTP {}: {}): check twitter.app.consumer-key and twitter.app.consumer-secret, or set "
                    + "twitter.app.bearer-token", what, answer.status(), reason);
            throw new XApiException(what, answer.status(), reason, null);
        }
        LOG.info("App bearer token obtained from {}", tokenUrl);
        return answer.json().get("access_token").asText();
    }
}
