package io.twitterhelpdesk.xapi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
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
    private static final ObjectMapper JSON = new ObjectMapper();

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
        Exchange answer = transport.send(OAuth2Tokens.TOKEN_ROUTE, exchange -> {
            exchange.getIn().setHeader(Exchange.HTTP_URI, tokenUrl);
            exchange.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
            exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded;charset=UTF-8");
            exchange.getIn().setHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (form(consumerKey) + ":" + form(consumerSecret)).getBytes(StandardCharsets.UTF_8)));
            exchange.getIn().setBody("grant_type=client_credentials");
        });
        if (answer.getException() != null) {
            throw new XApiException(what, answer.getException());
        }
        int status = answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = answer.getMessage().getBody(String.class);
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (java.io.IOException e) {
            json = JSON.createObjectNode();
        }
        if (status != 200 || !json.path("access_token").isTextual()) {
            String reason = XApiAnswers.detail(json, body);
            LOG.error("{} refused (HTTP {}: {}): check twitter.app.consumer-key and twitter.app.consumer-secret, or set "
                    + "twitter.app.bearer-token", what, status, reason);
            throw new XApiException(what, status, reason, null);
        }
        LOG.info("App bearer token obtained from {}", tokenUrl);
        return json.get("access_token").asText();
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
