package io.twitterhelpdesk.xapi;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;

/**
 * Hands X API v2 requests to their YAML routes ({@code x-api-request}, {@code x-oauth2-token}), where camel-http
 * makes the call. The template is created at first use, once the context runs.
 */
public final class XApiTransport {

    private final CamelContext context;
    private volatile ProducerTemplate template;

    public XApiTransport(CamelContext context) {
        this.context = context;
    }

    /** Sends the exchange the processor fills to the route; the answer or the failure is on the returned exchange. */
    public Exchange send(String endpoint, Processor request) {
        ProducerTemplate t = template;
        if (t == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
                t = template;
            }
        }
        return t.send(endpoint, request);
    }
}
