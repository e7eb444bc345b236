package io.twitterhelpdesk.xapi;

import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;

/**
 * Hands X API v2 requests to their YAML routes ({@code x-api-request}, {@code x-oauth2-token}), where camel-http
 * makes the call. The template is created at first use, once the context runs.
 *
 * <p>In a Camel application without the connector's routes (the Kamelets), {@link #withoutRoutes} makes the same
 * camel-http calls itself: every status comes back ({@code throwExceptionOnFailure=false}), a request's answer is
 * read by {@link XApiAnswers} and a token answer is the body as text, as those two routes do.
 */
public final class XApiTransport {

    private final CamelContext context;
    private final String requestEndpoint;
    private final String tokenEndpoint;
    private final XApiAnswers answers = new XApiAnswers();
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
     * Calls camel-http directly: requests at {@code v2BaseUrl} (the full URL is in {@code CamelHttpUri}), token
     * refreshes at {@code tokenUrl}, with the given timeouts.
     */
    public static XApiTransport withoutRoutes(CamelContext context, String v2BaseUrl, String tokenUrl,
            Duration connectTimeout, Duration readTimeout) {
        String options = "throwExceptionOnFailure=false&connectTimeout=" + connectTimeout.toMillis()
                + "&responseTimeout=" + readTimeout.toMillis();
        return new XApiTransport(context, v2BaseUrl + "?" + options, tokenUrl + "?" + options);
    }

    /** Sends the exchange the processor fills to the route; the answer or the failure is on the returned exchange. */
    public Exchange send(String endpoint, Processor request) {
        if (requestEndpoint == null) {
            return template().send(endpoint, request);
        }
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
