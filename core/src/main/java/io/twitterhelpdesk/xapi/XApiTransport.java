package io.twitterhelpdesk.xapi;

import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;

/**
 * Hands X API v2 requests to the Kamelets that make the calls with camel-http and read the answers
 * ({@code twitter-helpdesk-x-api-request}, {@code twitter-helpdesk-x-oauth2-token}): in the connector through its
 * routes {@code x-api-request} and {@code x-oauth2-token}, which an admin can read and edit; in another Camel
 * application (the Kamelets' own Twitter connection, {@link #throughKamelets}) directly. The template is created at
 * first use, once the context runs.
 */
public final class XApiTransport {

    private final CamelContext context;
    private final String requestEndpoint;
    private final String tokenEndpoint;
    private volatile ProducerTemplate template;

    public XApiTransport(CamelContext context) {
        this(context, null, null);
    }

    private XApiTransport(CamelContext context, String requestEndpoint, String tokenEndpoint) {
        this.context = context;
        this.requestEndpoint = requestEndpoint;
        this.tokenEndpoint = tokenEndpoint;
    }

    /**
     * Calls the Kamelets directly: requests at {@code v2BaseUrl} (the full URL is in {@code CamelHttpUri}), token
     * requests at {@code tokenUrl}, with the given timeouts.
     */
    public static XApiTransport throughKamelets(CamelContext context, String v2BaseUrl, String tokenUrl,
            Duration connectTimeout, Duration readTimeout) {
        String timeouts = "&connectTimeout=" + connectTimeout.toMillis() + "&responseTimeout=" + readTimeout.toMillis();
        return new XApiTransport(context, "kamelet:twitter-helpdesk-x-api-request?baseUrl=RAW(" + v2BaseUrl + ")"
                + timeouts, "kamelet:twitter-helpdesk-x-oauth2-token?tokenUrl=RAW(" + tokenUrl + ")" + timeouts);
    }

    /** Sends the exchange the processor fills to the route; the answer or the failure is on the returned exchange. */
    public Exchange send(String endpoint, Processor request) {
        if (requestEndpoint == null) {
            return template().send(endpoint, request);
        }
        if (OAuth2Tokens.TOKEN_ROUTE.equals(endpoint)) {
            return template().send(tokenEndpoint, request);
        }
        if (!XApiClient.REQUEST_ROUTE.equals(endpoint)) {
            throw new IllegalArgumentException("No X API route " + endpoint);
        }
        return template().send(requestEndpoint, request);
    }

    private ProducerTemplate template() {
        ProducerTemplate t = template;
        if (t == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
                t = template;
            }
        }
        return t;
    }
}
