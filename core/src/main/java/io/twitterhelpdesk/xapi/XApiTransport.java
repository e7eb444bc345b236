package io.twitterhelpdesk.xapi;

import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;

/**
 * Hands X API v2 requests and OAuth 2.0 token requests to the Kamelet that makes the calls with camel-http
 * ({@code twitter-helpdesk-x-http}): in the connector through its routes {@code x-api-request} and
 * {@code x-oauth2-token}, which an admin can read and edit; in another Camel application (the Kamelets' own Twitter
 * connection, {@link #throughKamelets}) directly. Either way every status comes back, and is read here: a request's
 * answer by {@link XApiAnswers} (an {@link XAnswer}, or the {@link XApiException} on the returned exchange), a token
 * answer as the body in text. The template is created at first use, once the context runs.
 */
public final class XApiTransport {

    private final CamelContext context;
    private final String requestEndpoint;
    private final String tokenEndpoint;
    private final XApiAnswers answers = new XApiAnswers();
    private volatile ProducerTemplate template;

    /** Through the connector's routes {@code x-api-request} and {@code x-oauth2-token}. */
    public XApiTransport(CamelContext context) {
        this(context, XApiClient.REQUEST_ROUTE, OAuth2Tokens.TOKEN_ROUTE);
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
        return new XApiTransport(context, "kamelet:twitter-helpdesk-x-http?url=RAW(" + v2BaseUrl + ")" + timeouts,
                "kamelet:twitter-helpdesk-x-http?url=RAW(" + tokenUrl + ")" + timeouts);
    }

    /** Sends the exchange the processor fills to the route; the answer or the failure is on the returned exchange. */
    public Exchange send(String endpoint, Processor request) {
        if (OAuth2Tokens.TOKEN_ROUTE.equals(endpoint)) {
            Exchange answer = template().send(tokenEndpoint, request);
            if (answer.getException() == null) {
                answer.getMessage().setBody(answer.getMessage().getBody(String.class));
            }
            return answer;
        }
        if (!XApiClient.REQUEST_ROUTE.equals(endpoint)) {
            throw new IllegalArgumentException("No X API route " + endpoint);
        }
        Exchange answer = template().send(requestEndpoint, request);
        if (answer.getException() == null) {
            try {
                answer.getMessage().setBody(answers.answer(answer));
            } catch (XApiException e) {
                answer.setException(e);
            }
        }
        return answer;
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
